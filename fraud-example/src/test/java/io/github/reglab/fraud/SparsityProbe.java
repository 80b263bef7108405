package io.github.reglab.fraud;

import io.github.reglab.core.layers.BatchNorm;

import java.util.List;
import java.util.Locale;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.metrics.ClassWeights;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.train.LearningRateSpec;
import io.github.reglab.core.train.ShuffledMinibatches;
import io.github.reglab.core.train.Trainer;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.core.train.TrainingResult;
import io.github.reglab.core.train.ValidationMetrics;
import io.github.reglab.fraud.data.Holdout;
import io.github.reglab.fraud.data.Table;
import io.github.reglab.fraud.data.TransactionGenerator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The probe behind issue #19's notes (docs/results/fraud.md, "Why the main job zeroes nothing"): trains the fraud
 * network on the built-in generator's default data once and prints, every epoch, validation average precision, the
 * penalty, how many of the 21 noise inputs (V8–V28) and of the 8 informative ones (V1–V7, Amount) have an exactly
 * zero first-layer row, and the row norms of the informative inputs, Time and V8. Not a test; run it with the test
 * class path:
 *
 * <pre>
 * java -cp … io.github.reglab.fraud.SparsityProbe LAMBDA STEP INIT_SCALE EPOCHS PATIENCE [SEED ROWS LR DROPOUT L2
 *     BATCH_NORM HIDDEN WARMUP_EPOCHS OUTPUT_L2 const|cosine OUTPUT_MAX_NORM]
 * </pre>
 *
 * A 17th argument {@code unit-columns} projects every hidden unit's incoming weights (a column of the first
 * layer) to unit norm after each update, which batch norm makes function-preserving. STEP is a {@link Step} name; INIT_SCALE multiplies the first layer's initial weights; WARMUP_EPOCHS keeps the group
 * lasso at 0 for that many epochs (and early stopping ignores them); OUTPUT_L2 replaces the output layer's
 * regularizers with that L2; OUTPUT_MAX_NORM caps the norm of each hidden unit's outgoing weights.
 *
 * <p>Arguments 18–25 try the adaptive group lasso (docs/results/fraud.md, "The adaptive group lasso"): GAMMA
 * (0 = off) of the factors, PILOT_EPOCHS, WARM_START (start from the pilot's weights), PILOT_BATCH_NORM,
 * PILOT_LAMBDA (a group lasso in the pilot; 0 for none), PILOT_L2 (the ridge), PILOT_PATIENCE, and {@code log-amount}
 * to log-transform Amount. The application's own implementation is {@link AdaptivePilot}; this probe keeps the
 * variants that did not make it.
 */
public final class SparsityProbe {
    public static void main(String[] a) {
        double lambda = Double.parseDouble(a[0]);
        Step step = Step.valueOf(a[1]);
        double initScale = Double.parseDouble(a[2]);
        int epochs = Integer.parseInt(a[3]);
        int patience = Integer.parseInt(a[4]);
        long seed = a.length > 5 ? Long.parseLong(a[5]) : 42;
        int rows = a.length > 6 ? Integer.parseInt(a[6]) : TransactionGenerator.DEFAULT_ROWS;
        double lr = a.length > 7 ? Double.parseDouble(a[7]) : 1e-3;
        double dropout = a.length > 8 ? Double.parseDouble(a[8]) : 0.1;
        double l2 = a.length > 9 ? Double.parseDouble(a[9]) : 1e-4;
        boolean bn = a.length > 10 ? Boolean.parseBoolean(a[10]) : true;
        int hidden = a.length > 11 ? Integer.parseInt(a[11]) : 64;
        int warm = a.length > 12 ? Integer.parseInt(a[12]) : 0;
        double l2out = a.length > 13 ? Double.parseDouble(a[13]) : l2;
        boolean cosine = a.length > 14 && a[14].equals("cosine");
        double maxNorm = a.length > 15 ? Double.parseDouble(a[15]) : 0;
        boolean unitColumns = a.length > 16 && a[16].equals("unit-columns");
        double gamma = a.length > 17 ? Double.parseDouble(a[17]) : 0;
        int pilotEpochs = a.length > 18 ? Integer.parseInt(a[18]) : 10;
        boolean warmStart = a.length > 19 && Boolean.parseBoolean(a[19]);
        boolean pilotBn = a.length > 20 ? Boolean.parseBoolean(a[20]) : bn;
        Table table = TransactionGenerator.generate(rows, TransactionGenerator.DEFAULT_FRAUD_RATE, seed);
        if (a.length > 24 && a[24].equals("log-amount")) {
            float[] f = table.features().clone();
            int d = table.columns();
            int col = table.featureNames().indexOf("Amount");
            for (int i = 0; i < table.rows(); i++) {
                f[i * d + col] = (float) Math.log1p(f[i * d + col]);
            }
            table = new Table(table.featureNames(), table.labelName(), f, table.labels(), table.time(), table.skippedRows());
        }
        Holdout h = Holdout.stratified(table.labels(), 0.6, 0.2, seed);
        double[] w = ClassWeights.balanced(table.labelsOf(h.train()), 2);
        FraudNetSpec spec = FraudNetSpec.defaults(table.columns()).withDropRate(dropout).withL2(l2)
                .withGroupLasso(lambda).withStep(step).withClassWeights(w)
                .withLearningRate(cosine ? LearningRateSpec.cosine(lr, epochs) : LearningRateSpec.constant(lr)).withBatchNorm(BatchNorm.of(bn, false)).withHidden(hidden);
        if (lambda == 0 && dropout == 0 && l2 == 0) spec = spec.unregularized();
        System.out.println(spec);
        Table.Standardized parts = table.toStandardizedDataSets(h.train(), h.validation(), h.test());
        DataSet train = parts.part(0), val = parts.part(1), test = parts.part(2);
        double pilotLambda = a.length > 21 ? Double.parseDouble(a[21]) : 0;
        MultiLayerNetwork pilot = null;
        double[] factors = null;
        if (gamma > 0) {
            double pilotL2 = a.length > 22 ? Double.parseDouble(a[22]) : l2;
            var pconf = conf(spec.withGroupLasso(pilotLambda).withBatchNorm(BatchNorm.of(pilotBn, false)).withL2(pilotL2), pilotLambda, 0,
                    pilotL2, l2out, maxNorm,
                    unitColumns, hidden, table.columns(), step, seed, null);
            MultiLayerNetwork p0 = new MultiLayerNetwork(pconf);
            p0.init();
            TrainingResult pr = new Trainer(TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AVERAGE_PRECISION,
                    pilotEpochs).withPatience(a.length > 23 ? Integer.parseInt(a[23]) : patience)).withSeed(seed)).logEpochs(false).fit(p0,
                    new ShuffledMinibatches(train, 1024, seed), new ShuffledMinibatches(val, 1024, null));
            pilot = pr.network();
            INDArray pw = pilot.getLayer(0).getParam("W").dup();
            if (pilotBn && !unitColumns) {
                pw.diviRowVector(pw.norm2(0));
            }
            double[] norms = pw.norm2(1).toDoubleVector();
            factors = io.github.reglab.core.regularization.GroupFactors.adaptive(norms, gamma);
            StringBuilder sb = new StringBuilder("PILOT best=" + pr.bestEpoch() + " ");
            for (int i = 0; i < norms.length; i++) {
                sb.append(String.format(Locale.ROOT, "%s=%.3f/%.2f ", table.featureNames().get(i), norms[i], factors[i]));
            }
            System.out.println(sb);
        }
        var conf = conf(spec, lambda, warm, l2, l2out, maxNorm, unitColumns, hidden, table.columns(), step, seed, factors);
        System.out.println(conf.getConf(0).getLayer() + "\n" + conf.getConf(conf.getConfs().size() - 1).getLayer());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        if (pilot != null && warmStart) {
            net.setParams(pilot.params());
        }
        INDArray w1 = net.getLayer(0).getParam("W");
        w1.muli(initScale);
        TrainerSpec ts = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AVERAGE_PRECISION, epochs)
                .withPatience(patience).withStartFromEpoch(warm)).withSeed(seed);
        List<String> names = table.featureNames();
        long t0 = System.nanoTime();
        TrainingResult r = new Trainer(ts).logEpochs(false).onEpoch(e -> {
            System.out.printf(Locale.ROOT, "  epoch %2d valAP %.4f pen %.4f %s%n", e.epoch(),
                    e.validation().get(ValidationMetrics.AVERAGE_PRECISION), e.penalty(), zeros(net, names));
        }).fit(net, new ShuffledMinibatches(train, 1024, seed), new ShuffledMinibatches(val, 1024, null));
        FraudReport.Evaluation ev = FraudReport.evaluate(r.network(), val, test, null);
        System.out.printf(Locale.ROOT, "RESULT lambda=%s step=%s init=%s seed=%d best=%d testAP=%.4f AUC=%.4f %s %.0fs%n",
                lambda, step, initScale, seed, r.bestEpoch(), ev.testCurves().averagePrecision(),
                ev.testCurves().aucRoc(), zeros(r.network(), names), (System.nanoTime() - t0) / 1e9);
    }

    static org.deeplearning4j.nn.conf.MultiLayerConfiguration conf(FraudNetSpec spec, double lambda, int warm, double l2,
            double l2out, double maxNorm, boolean unitColumns, int hidden, int columns, Step step, long seed,
            double[] factors) {
        var conf = spec.toDl4j(seed);
        if (warm > 0 && lambda > 0) {
            java.util.Map<Integer, Double> m = new java.util.HashMap<>();
            m.put(0, 0.0); m.put(warm, lambda);
            var gl = new io.github.reglab.core.regularization.GroupLasso(new org.nd4j.linalg.schedule.MapSchedule(
                    org.nd4j.linalg.schedule.ScheduleType.EPOCH, m),
                    io.github.reglab.core.regularization.GroupLasso.Groups.INPUT_FEATURES, new long[] {columns, hidden},
                    io.github.reglab.core.regularization.GroupLasso.Weighting.SQRT_GROUP_SIZE, step);
            var layer = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(0).getLayer();
            java.util.List<org.nd4j.linalg.learning.regularization.Regularization> regs = new java.util.ArrayList<>(layer.getRegularization());
            regs.removeIf(r -> r instanceof io.github.reglab.core.regularization.GroupLasso);
            regs.add(gl);
            layer.setRegularization(regs);
        }
        if (l2out != l2) {
            var layer = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(conf.getConfs().size() - 1).getLayer();
            java.util.List<org.nd4j.linalg.learning.regularization.Regularization> regs = new java.util.ArrayList<>();
            regs.add(io.github.reglab.core.regularization.Regularizers.l2(l2out));
            layer.setRegularization(regs);
        }
        if (maxNorm > 0) {
            var layer = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(conf.getConfs().size() - 1).getLayer();
            layer.setConstraints(java.util.List.of(new org.deeplearning4j.nn.conf.constraint.MaxNormConstraint(maxNorm, java.util.Set.of("W"), 1)));
        }
        if (unitColumns) {
            var layer = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(0).getLayer();
            layer.setConstraints(java.util.List.of(new org.deeplearning4j.nn.conf.constraint.UnitNormConstraint(
                    java.util.Set.of("W"), 0)));
        }
        if (factors != null) {
            var layer = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(0).getLayer();
            java.util.List<org.nd4j.linalg.learning.regularization.Regularization> regs = new java.util.ArrayList<>();
            for (var r : layer.getRegularization()) {
                regs.add(r instanceof io.github.reglab.core.regularization.GroupLasso g ? g.withGroupFactors(factors) : r);
            }
            layer.setRegularization(regs);
        }
        return conf;
    }

    static String zeros(MultiLayerNetwork net, List<String> names) {
        INDArray w = net.getLayer(0).getParam("W");
        List<String> zeroed = new java.util.ArrayList<>();
        StringBuilder norms = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            double n = w.getRow(i).norm2Number().doubleValue();
            String f = names.get(i);
            if (n == 0) {
                zeroed.add(f);
            }
            if (TransactionGenerator.INFORMATIVE.contains(f) || f.equals("V8") || f.equals("Time")) {
                norms.append(String.format(Locale.ROOT, "%s=%.3f ", f, n));
            }
        }
        io.github.reglab.fraud.data.SelectionTruth t = io.github.reglab.fraud.data.SelectionTruth.of(names, zeroed);
        return String.format(Locale.ROOT, "noise0=%d info0=%d %s %s", t.noiseDropped().size(),
                t.informativeDropped().size(), t.informativeDropped(), norms);
    }
}
