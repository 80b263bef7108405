package io.github.reglab.bench;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.train.ShuffledMinibatches;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * Probe for docs/benchmarks.md ("Fast path", "Compiled step"): milliseconds per training step of the fraud MLP on
 * pre-built minibatches (no trainer, no validation), by DL4J's {@code net.fit(batch)} or by the compiled step, or
 * with {@code count} the ND4J operations per step and their profile. Arguments:
 * {@code fused|stock|nobn|nobn-nodrop|fused-nodrop|reg|pilot BATCH STEPS [dl4j|compiled|compiled-libnd4j] [count]}; threads from
 * {@code OMP_NUM_THREADS}. Not a test; run it on the test class path.
 */
@SuppressWarnings("deprecation")
public final class StepProbe {
    public static void main(String[] a) {
        io.github.reglab.core.backend.NativeSetup.configure();
        String variant = a[0];
        int batch = Integer.parseInt(a[1]);
        int steps = Integer.parseInt(a[2]);
        boolean compiled = a.length > 3 && a[3].startsWith("compiled");
        var bn = a.length > 3 && a[3].equals("compiled-libnd4j") ? io.github.reglab.core.step.BatchNormBackward.LIBND4J
                : io.github.reglab.core.step.BatchNormBackward.COMPOSED;
        boolean count = a[a.length - 1].equals("count");
        DataSet train = Workloads.tabular(200_000, 30, 1);
        var spec = io.github.reglab.fraud.FraudNetSpec.defaults(30).withHidden(64).withDropRate(0.1)
                .withLearningRate(io.github.reglab.core.train.LearningRateSpec.constant(1e-3));
        spec = switch (variant) {
            case "fused" -> spec;
            case "stock" -> spec.withBatchNorm(BatchNorm.DL4J);
            case "nobn" -> spec.withBatchNorm(BatchNorm.NONE);
            case "nobn-nodrop" -> spec.withBatchNorm(BatchNorm.NONE).withDropRate(0);
            case "fused-nodrop" -> spec.withDropRate(0);
            // the fraud app's regularized run (its group factors aside) and its ridge pilot
            case "reg" -> spec.withL2(1e-4).withGroupLasso(0.01)
                    .withStep(io.github.reglab.core.regularization.Step.of(true, true));
            case "pilot" -> spec.withL2(1e-2);
            default -> throw new IllegalArgumentException(variant);
        };
        MultiLayerNetwork net = new MultiLayerNetwork(spec.toDl4j(42));
        net.init();
        ShuffledMinibatches it = new ShuffledMinibatches(train, batch, 5L);
        java.util.List<DataSet> batches = new java.util.ArrayList<>();
        while (it.hasNext() && batches.size() < 200) batches.add(it.next());
        io.github.reglab.core.step.CompiledStep step = compiled ? io.github.reglab.core.step.CompiledStep.of(net, bn)
                : null;
        java.util.function.Consumer<DataSet> fit = step != null ? step::fit : net::fit;
        for (int i = 0; i < 300; i++) fit.accept(batches.get(i % batches.size()));
        if (count) {
            Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
            OpProfiler.getInstance().reset();
            for (int i = 0; i < 10; i++) fit.accept(batches.get(i));
            System.out.println("ops per step: " + OpProfiler.getInstance().getInvocationsCount() / 10.0);
            OpProfiler.getInstance().printOutDashboard();
            return;
        }
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) fit.accept(batches.get(i % batches.size()));
            System.out.printf("%s %s batch %d: %.3f ms/step%n", variant, compiled ? "compiled" : "dl4j", batch,
                    (System.nanoTime() - t0) / 1e6 / steps);
        }
    }
}
