package io.github.reglab.fraud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.reglab.core.metrics.BinaryMetrics;
import io.github.reglab.core.metrics.ModelComplexity;
import io.github.reglab.core.metrics.ThresholdMetrics;
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
         * @return the metrics.json entry: auc_roc, average_precision, precision, recall, f1, mcc, threshold, and
         *     the trapezoidal AUPRC and confusion counts
         */
        Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("auc_roc", testCurves.aucRoc());
            m.put("average_precision", testCurves.averagePrecision());
            m.put("auprc_trapezoid", testCurves.auprcTrapezoid());
            m.put("precision", atThreshold.precision());
            m.put("recall", atThreshold.recall());
            m.put("f1", atThreshold.f1());
            m.put("mcc", atThreshold.mcc());
            m.put("threshold", atThreshold.threshold());
            m.put("true_positives", (double) atThreshold.truePositives());
            m.put("false_positives", (double) atThreshold.falsePositives());
            m.put("true_negatives", (double) atThreshold.trueNegatives());
            m.put("false_negatives", (double) atThreshold.falseNegatives());
            return m;
        }
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
            TrainingResult baselineResult, Evaluation baseline, ModelComplexity complexity, List<String> zeroed,
            boolean generated, AdaptivePilot pilot) {
        this.pilot = pilot;
        this.table = table;
        this.split = split;
        this.spec = spec;
        this.result = result;
        this.main = main;
        this.baselineResult = baselineResult;
        this.baseline = baseline;
        this.complexity = complexity;
        this.zeroed = List.copyOf(zeroed);
        this.truth = generated && table.featureNames().equals(TransactionGenerator.featureNames())
                ? SelectionTruth.of(table.featureNames(), zeroed) : null;
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
        ThresholdMetrics t = TrainCommand.chooseThreshold(val, targetRecall);
        BinaryMetrics te = new BinaryMetrics(scores(net, test), labels(test));
        return new Evaluation(t, te, te.atThreshold(t.threshold()));
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
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test", main.metrics());
        metrics.put("baseline", baseline == null ? null : baseline.metrics());
        metrics.put("validation_threshold", main.threshold());
        Map<String, Object> dataInfo = new LinkedHashMap<>();
        dataInfo.put("rows", table.rows());
        dataInfo.put("features", table.columns());
        dataInfo.put("positives", table.positives());
        dataInfo.put("skipped_rows", table.skippedTotal());
        dataInfo.put("skipped_by_reason", table.skippedRows());
        dataInfo.put("train_rows", split.train().length);
        dataInfo.put("validation_rows", split.validation().length);
        dataInfo.put("test_rows", split.test().length);
        metrics.put("data", dataInfo);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", result.history().epochs().size());
        training.put("best_epoch", result.bestEpoch());
        training.put("best_validation_average_precision", result.bestValue());
        training.put("stop_reason", result.stopReason());
        training.put("message", result.message());
        if (baselineResult != null) {
            training.put("baseline_epochs", baselineResult.history().epochs().size());
            training.put("baseline_best_epoch", baselineResult.bestEpoch());
        }
        metrics.put("training", training);
        metrics.put("zeroed_features", zeroed);
        metrics.put("first_layer_row_norms", byFeature(result.network().getLayer(0).getParam("W").norm2(1)
                .toDoubleVector()));
        if (spec.adaptive()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("gamma", spec.adaptiveWeights().gamma());
            a.put("pilot_l2", spec.adaptiveWeights().pilotL2());
            a.put("pilot_epochs", spec.adaptiveWeights().pilotEpochs());
            if (pilot != null) {
                a.put("pilot_best_epoch", pilot.result().bestEpoch());
                a.put("pilot_best_validation_average_precision", pilot.result().bestValue());
                a.put("pilot_importance", byFeature(pilot.importance()));
                a.put("group_factors", byFeature(pilot.factors()));
            }
            metrics.put("adaptive_group_lasso", a);
        }
        if (truth != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("informative_kept", truth.informativeKept());
            t.put("informative_dropped", truth.informativeDropped());
            t.put("noise_kept", truth.noiseKept());
            t.put("noise_dropped", truth.noiseDropped());
            t.put("precision", truth.precision());
            t.put("recall", truth.recall());
            metrics.put("selection_vs_generator_truth", t);
        }
        metrics.put("complexity", complexity);
        dir.writeMetrics("metrics.json", metrics);

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
        Map<String, Double> m = main.metrics();
        Map<String, Double> bm = baseline == null ? Map.of() : baseline.metrics();
        for (String k : List.of("auc_roc", "average_precision", "auprc_trapezoid", "precision", "recall", "f1", "mcc",
                "threshold")) {
            b.append(String.format(Locale.ROOT, "%-22s %12.4f %12s%n", k, m.get(k),
                    bm.containsKey(k) ? String.format(Locale.ROOT, "%.4f", bm.get(k)) : ""));
        }
        b.append(String.format(Locale.ROOT, "%-22s %12d %12s%n", "epochs", result.history().epochs().size(),
                baselineResult == null ? "" : Integer.toString(baselineResult.history().epochs().size())));
        b.append(String.format(Locale.ROOT, "confusion at threshold: TP %d  FP %d  TN %d  FN %d%n",
                main.atThreshold().truePositives(), main.atThreshold().falsePositives(),
                main.atThreshold().trueNegatives(), main.atThreshold().falseNegatives()));
        b.append(String.format(Locale.ROOT, "regularization: %s; weights exactly zero: %.1f %% of %d%n",
                describe(spec), 100 * complexity.zeroFraction(), complexity.weights()));
        if (spec.adaptive()) {
            FraudNetSpec.AdaptiveWeights a = spec.adaptiveWeights();
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

    private static String describe(FraudNetSpec s) {
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
            parts.add((s.adaptive() ? "adaptive group lasso " : "group lasso ") + s.groupLasso());
        }
        if (parts.isEmpty()) {
            return "none";
        }
        return String.join(", ", parts) + (s.step() == Step.PROXIMAL ? " (proximal)" : s.step() == Step.PROXIMAL_ADAPTIVE
                ? " (proximal in Adam's metric)" : "");
    }
}
