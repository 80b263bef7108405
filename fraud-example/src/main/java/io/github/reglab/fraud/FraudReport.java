package io.github.reglab.fraud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.reglab.core.metrics.BinaryMetrics;
import io.github.reglab.core.metrics.ModelComplexity;
import io.github.reglab.core.metrics.ThresholdMetrics;
import io.github.reglab.core.earlystopping.StopReason;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.train.TrainingResult;
import io.github.reglab.fraud.data.Holdout;
import io.github.reglab.fraud.data.SelectionTruth;
import io.github.reglab.fraud.data.Table;
import io.github.reglab.fraud.data.TransactionGenerator;
import io.github.reglab.harness.report.Charts;
import io.github.reglab.harness.report.TrainingCharts;
import io.github.reglab.harness.run.RunDirectory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Evaluation and report of a fraud training run: {@code metrics.json}, {@code history.csv}/{@code .json}, the PNG
 * charts and the summary table printed on standard output.
 */
final class FraudReport {

    /** Points kept per curve in the PNGs (the metrics use every example). */
    private static final int MAX_CURVE_POINTS = 2000;

    /**
     * One model's scores on the test part, with the threshold chosen on validation.
     *
     * @param threshold the chosen threshold's metrics on validation
     * @param testCurves the test scores' metrics object
     * @param atThreshold the test metrics at the chosen threshold
     */
    record Evaluation(ThresholdMetrics threshold, BinaryMetrics testCurves, ThresholdMetrics atThreshold) {

        /**
         * Returns the scores metrics.json records.
         *
         * @return the test scores at the chosen threshold
         */
        TestScores scores() {
            return new TestScores(testCurves.aucRoc(), testCurves.averagePrecision(), testCurves.auprcTrapezoid(),
                    atThreshold.precision(), atThreshold.recall(), atThreshold.f1(), atThreshold.mcc(),
                    atThreshold.threshold(), atThreshold.truePositives(), atThreshold.falsePositives(),
                    atThreshold.trueNegatives(), atThreshold.falseNegatives());
        }
    }

    /**
     * A model's scores on the test part: the threshold-free ones, and those at the threshold chosen on validation
     * with its confusion counts ({@code metrics.json}'s {@code test} and {@code baseline}).
     *
     * @param aucRoc area under the ROC curve
     * @param averagePrecision average precision (scikit-learn's definition)
     * @param auprcTrapezoid the trapezoidal area under the precision–recall curve
     * @param precision precision at the threshold
     * @param recall recall at the threshold
     * @param f1 F1 at the threshold
     * @param mcc Matthews correlation coefficient at the threshold
     * @param threshold the threshold
     * @param truePositives fraud flagged
     * @param falsePositives legitimate rows flagged
     * @param trueNegatives legitimate rows passed
     * @param falseNegatives fraud passed
     */
    public record TestScores(double aucRoc, double averagePrecision, double auprcTrapezoid, double precision,
            double recall, double f1, double mcc, double threshold, long truePositives, long falsePositives,
            long trueNegatives, long falseNegatives) {

        /** The rows of the printed table, in order. */
        private List<Map.Entry<String, Double>> tableRows() {
            return List.of(Map.entry("auc_roc", aucRoc), Map.entry("average_precision", averagePrecision),
                    Map.entry("auprc_trapezoid", auprcTrapezoid), Map.entry("precision", precision),
                    Map.entry("recall", recall), Map.entry("f1", f1), Map.entry("mcc", mcc),
                    Map.entry("threshold", threshold));
        }
    }

    /**
     * The data behind a run ({@code metrics.json}'s {@code data}).
     *
     * @param rows rows read
     * @param features feature columns
     * @param positives fraud rows
     * @param skippedRows rows left out under --bad-rows skip
     * @param skippedByReason those rows by reason
     * @param trainRows rows of the training part
     * @param validationRows rows of the validation part
     * @param testRows rows of the test part
     */
    record DataInfo(int rows, int features, int positives, int skippedRows, Map<String, Integer> skippedByReason,
            int trainRows, int validationRows, int testRows) {
    }

    /**
     * How the training went ({@code metrics.json}'s {@code training}).
     *
     * @param epochs epochs the regularized model trained
     * @param bestEpoch its best epoch
     * @param bestValidationAveragePrecision its best validation average precision
     * @param stopReason why it stopped
     * @param message the trainer's summary
     * @param baselineEpochs epochs of the baseline, or null without one
     * @param baselineBestEpoch the baseline's best epoch, or null without one
     */
    record TrainingInfo(int epochs, int bestEpoch, double bestValidationAveragePrecision, StopReason stopReason,
            String message, @JsonInclude(JsonInclude.Include.NON_NULL) Integer baselineEpochs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer baselineBestEpoch) {
    }

    /**
     * The adaptive group lasso's settings and pilot ({@code metrics.json}'s {@code adaptive_group_lasso}).
     *
     * @param gamma the exponent
     * @param pilotL2 the pilot's L2 strength
     * @param pilotEpochs the pilot's epochs
     * @param pilotBestEpoch the pilot's best epoch, or null in a resumed run
     * @param pilotBestValidationAveragePrecision its validation average precision, or null in a resumed run
     * @param pilotImportance each feature's importance in the pilot, or null in a resumed run
     * @param groupFactors each feature's group-lasso factor, or null in a resumed run
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AdaptiveInfo(double gamma, double pilotL2, int pilotEpochs, Integer pilotBestEpoch,
            Double pilotBestValidationAveragePrecision, Map<String, Double> pilotImportance,
            Map<String, Double> groupFactors) {
    }

    /**
     * The selection scored against the built-in generator's truth ({@code selection_vs_generator_truth}).
     *
     * @param informativeKept informative features kept
     * @param informativeDropped informative features dropped
     * @param noiseKept noise features kept
     * @param noiseDropped noise features dropped
     * @param precision the informative share of the kept features
     * @param recall the share of the informative features kept
     */
    record TruthInfo(List<String> informativeKept, List<String> informativeDropped, List<String> noiseKept,
            List<String> noiseDropped, double precision, double recall) {
    }

    /**
     * The whole of {@code metrics.json}, written in snake_case ({@code Json.reports()}).
     *
     * @param test the regularized model's test scores
     * @param baseline the baseline's, or null without one
     * @param validationThreshold the chosen threshold's metrics on validation
     * @param data the data
     * @param training the training
     * @param zeroedFeatures input features whose weights are all exactly zero
     * @param firstLayerRowNorms each input feature's first-layer row norm
     * @param adaptiveGroupLasso the adaptive group lasso, absent for the plain one
     * @param selectionVsGeneratorTruth the selection against the generator's truth, absent for other data
     * @param complexity the model's complexity
     */
    record MetricsFile(TestScores test, TestScores baseline, ThresholdMetrics validationThreshold, DataInfo data,
            TrainingInfo training, List<String> zeroedFeatures, Map<String, Double> firstLayerRowNorms,
            @JsonInclude(JsonInclude.Include.NON_NULL) AdaptiveInfo adaptiveGroupLasso,
            @JsonInclude(JsonInclude.Include.NON_NULL) TruthInfo selectionVsGeneratorTruth,
            ModelComplexity complexity) {
    }

    private final Table table;
    private final Holdout split;
    private final FraudNetSpec spec;
    private final TrainingResult result;
    private final Evaluation main;
    private final TrainingResult baselineResult;
    private final Evaluation baseline;
    private final ModelComplexity complexity;
    private final List<String> zeroed;
    /** The selection against the generator's truth, or null when the data is not the built-in generator's. */
    private final SelectionTruth truth;
    /** The adaptive group lasso's pilot, or null (plain group lasso, or a resumed run whose pilot ran before). */
    private final AdaptivePilot pilot;

    FraudReport(Table table, Holdout split, FraudNetSpec spec, TrainingResult result, Evaluation main,
            TrainingResult baselineResult, Evaluation baseline, boolean generated, AdaptivePilot pilot) {
        this.pilot = pilot;
        this.table = table;
        this.split = split;
        this.spec = spec;
        this.result = result;
        this.main = main;
        this.baselineResult = baselineResult;
        this.baseline = baseline;
        this.complexity = ModelComplexity.of(result.network(), 1e-6);
        List<String> z = new ArrayList<>();
        for (int i : complexity.layers().get(0).zeroInputs()) {
            z.add(table.featureNames().get(i));
        }
        this.zeroed = List.copyOf(z);
        this.truth = generated && table.featureNames().equals(TransactionGenerator.featureNames())
                ? SelectionTruth.of(table.featureNames(), zeroed) : null;
    }

    /**
     * Returns the input features the regularized model removed.
     *
     * @return the features whose first-layer weights are all exactly zero
     */
    List<String> zeroed() {
        return zeroed;
    }

    /**
     * Scores validation and test data, picks the threshold on validation and applies it to test.
     *
     * @param net the network
     * @param validation standardized validation data
     * @param test standardized test data
     * @param targetRecall the validation recall to reach, or null for max F1
     * @return the evaluation
     */
    static Evaluation evaluate(MultiLayerNetwork net, DataSet validation, DataSet test, Double targetRecall) {
        BinaryMetrics val = new BinaryMetrics(scores(net, validation), labels(validation));
        ThresholdMetrics t = chooseThreshold(val, targetRecall);
        BinaryMetrics te = new BinaryMetrics(scores(net, test), labels(test));
        return new Evaluation(t, te, te.atThreshold(t.threshold()));
    }

    /**
     * Picks the decision threshold on validation scores.
     *
     * @param validation the validation scores' metrics
     * @param targetRecall the recall to reach, or null for the best F1
     * @return the chosen threshold's metrics on validation
     */
    static ThresholdMetrics chooseThreshold(BinaryMetrics validation, Double targetRecall) {
        return targetRecall == null ? validation.maxF1() : validation.forRecall(targetRecall);
    }

    /**
     * Describes the threshold rule for the model file.
     *
     * @param targetRecall the recall to reach, or null for the best F1
     * @return the rule in words
     */
    static String thresholdRule(Double targetRecall) {
        return targetRecall == null ? "max F1 on validation" : "validation recall >= " + targetRecall;
    }

    private static double[] scores(MultiLayerNetwork net, DataSet ds) {
        return net.output(ds.getFeatures(), false).getColumn(1).toDoubleVector();
    }

    private static int[] labels(DataSet ds) {
        double[] v = ds.getLabels().getColumn(1).toDoubleVector();
        int[] y = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            y[i] = (int) v[i];
        }
        return y;
    }

    /**
     * Writes metrics.json, the history and the charts into the run folder.
     *
     * @param dir the run folder
     */
    void writeFiles(RunDirectory dir) {
        dir.writeMetrics("metrics.json", metricsFile());

        result.history().writeCsv(dir.resolve("history.csv"));
        result.history().writeJson(dir.resolve("history.json"));
        TrainingCharts.write(result.history(), dir.path(), "curves", result.bestEpoch());

        List<Charts.Series> roc = new ArrayList<>();
        List<Charts.Series> pr = new ArrayList<>();
        addCurves("regularized", main, roc, pr);
        if (baseline != null) {
            addCurves("baseline", baseline, roc, pr);
        }
        roc.add(Charts.Series.of("chance", new double[] {0, 1}, new double[] {0, 1}));
        Charts.lines(dir.resolve("roc.png"), "ROC on the test part", "false positive rate", "true positive rate", roc,
                null, null, false);
        Charts.lines(dir.resolve("pr.png"), "Precision-recall on the test part", "recall", "precision", pr, null,
                null, false);
        INDArray w = result.network().getLayer(0).getParam("W");
        double[] norms = w.norm2(1).toDoubleVector();
        List<String> labels = new ArrayList<>();
        for (String f : table.featureNames()) {
            labels.add(zeroed.contains(f) ? f + "=0" : f);
        }
        Charts.bars(dir.resolve("feature-weights.png"), "Input-feature weight norms (‖W row‖₂, first layer; "
                + "name=0: zeroed)", "feature", "L2 norm", labels, norms);
    }

    /**
     * Returns what metrics.json holds.
     *
     * @return the record
     */
    MetricsFile metricsFile() {
        DataInfo data = new DataInfo(table.rows(), table.columns(), table.positives(), table.skippedTotal(),
                table.skippedRows(), split.train().length, split.validation().length, split.test().length);
        TrainingInfo training = new TrainingInfo(result.history().epochs().size(), result.bestEpoch(),
                result.bestValue(), result.stopReason(), result.message(),
                baselineResult == null ? null : baselineResult.history().epochs().size(),
                baselineResult == null ? null : baselineResult.bestEpoch());
        AdaptiveInfo adaptive = null;
        if (spec.adaptive()) {
            FraudNetSpec.AdaptiveWeights a = spec.penalties().adaptiveWeights();
            adaptive = pilot == null ? new AdaptiveInfo(a.gamma(), a.pilotL2(), a.pilotEpochs(), null, null, null, null)
                    : new AdaptiveInfo(a.gamma(), a.pilotL2(), a.pilotEpochs(), pilot.result().bestEpoch(),
                            pilot.result().bestValue(), byFeature(pilot.importance()), byFeature(pilot.factors()));
        }
        TruthInfo t = truth == null ? null : new TruthInfo(truth.informativeKept(), truth.informativeDropped(),
                truth.noiseKept(), truth.noiseDropped(), truth.precision(), truth.recall());
        return new MetricsFile(main.scores(), baseline == null ? null : baseline.scores(), main.threshold(), data,
                training, zeroed, byFeature(result.network().getLayer(0).getParam("W").norm2(1).toDoubleVector()),
                adaptive, t, complexity);
    }

    private Map<String, Double> byFeature(double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put(table.featureNames().get(i), v[i]);
        }
        return m;
    }

    private static void addCurves(String name, Evaluation e, List<Charts.Series> roc, List<Charts.Series> pr) {
        double[][] r = e.testCurves().rocCurve();
        double[][] p = e.testCurves().precisionRecallCurve();
        roc.add(Charts.Series.of(String.format(Locale.ROOT, "%s (AUC %.3f)", name, e.testCurves().aucRoc()),
                thin(r[0]), thin(r[1])));
        pr.add(Charts.Series.of(String.format(Locale.ROOT, "%s (AP %.3f)", name, e.testCurves().averagePrecision()),
                thin(p[0]), thin(p[1])));
    }

    private static double[] thin(double[] v) {
        if (v.length <= MAX_CURVE_POINTS) {
            return v;
        }
        double[] out = new double[MAX_CURVE_POINTS];
        for (int i = 0; i < MAX_CURVE_POINTS; i++) {
            out[i] = v[(int) ((long) i * (v.length - 1) / (MAX_CURVE_POINTS - 1))];
        }
        return out;
    }

    /**
     * @return the table printed on standard output
     */
    String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nFraud detection, test part (%d rows, %d fraud)%n",
                split.test().length, main.testCurves().positives()));
        b.append(String.format(Locale.ROOT, "%-22s %12s %12s%n", "metric", "regularized",
                baseline == null ? "" : "baseline"));
        List<Map.Entry<String, Double>> m = main.scores().tableRows();
        List<Map.Entry<String, Double>> bm = baseline == null ? null : baseline.scores().tableRows();
        for (int i = 0; i < m.size(); i++) {
            b.append(String.format(Locale.ROOT, "%-22s %12.4f %12s%n", m.get(i).getKey(), m.get(i).getValue(),
                    bm == null ? "" : String.format(Locale.ROOT, "%.4f", bm.get(i).getValue())));
        }
        b.append(String.format(Locale.ROOT, "%-22s %12d %12s%n", "epochs", result.history().epochs().size(),
                baselineResult == null ? "" : Integer.toString(baselineResult.history().epochs().size())));
        b.append(String.format(Locale.ROOT, "confusion at threshold: TP %d  FP %d  TN %d  FN %d%n",
                main.atThreshold().truePositives(), main.atThreshold().falsePositives(),
                main.atThreshold().trueNegatives(), main.atThreshold().falseNegatives()));
        b.append(String.format(Locale.ROOT, "regularization: %s; weights exactly zero: %.1f %% of %d%n",
                describe(spec), 100 * complexity.zeroFraction(), complexity.weights()));
        if (spec.adaptive()) {
            FraudNetSpec.AdaptiveWeights a = spec.penalties().adaptiveWeights();
            b.append(String.format(Locale.ROOT, "adaptive group lasso: factors (mean / pilot row norm)^%s from a ridge "
                    + "pilot (L2 %s, %s)%n", a.gamma(), a.pilotL2(), pilot == null ? "trained before the resumed "
                    + "checkpoint" : String.format(Locale.ROOT, "best epoch %d of %d, validation AP %.4f",
                    pilot.result().bestEpoch(), a.pilotEpochs(), pilot.result().bestValue())));
        }
        b.append("input features zeroed (removed by L1 / group lasso): ")
                .append(zeroed.isEmpty() ? "none" : String.join(", ", zeroed)).append('\n');
        if (truth != null) {
            b.append(truth.describe()).append('\n');
        }
        return b.toString();
    }

    private static String describe(FraudNetSpec spec) {
        FraudNetSpec.Penalties s = spec.penalties();
        List<String> parts = new ArrayList<>();
        if (s.dropRate() > 0) {
            parts.add("dropout " + s.dropRate());
        }
        if (s.l1() > 0) {
            parts.add("L1 " + s.l1());
        }
        if (s.l2() > 0) {
            parts.add("L2 " + s.l2());
        }
        if (s.elasticAlpha() > 0) {
            parts.add("elastic net " + s.elasticAlpha() + "/" + s.elasticRatio());
        }
        if (s.groupLasso() > 0) {
            parts.add((spec.adaptive() ? "adaptive group lasso " : "group lasso ") + s.groupLasso());
        }
        if (parts.isEmpty()) {
            return "none";
        }
        return String.join(", ", parts) + (s.step() == Step.PROXIMAL ? " (proximal)"
                : s.step() == Step.PROXIMAL_ADAPTIVE ? " (proximal in Adam's metric)" : "");
    }
}
