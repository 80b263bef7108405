package io.github.reglab.bench;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.backend.NativeSetup;
import io.github.reglab.core.train.LearningRateSpec;
import io.github.reglab.image.CnnSpec;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Probe for docs/benchmarks.md ("NHWC end to end"): the image application's default network (two blocks of two
 * convolutions, fused batch norm, dense 256, dropout 0.25) built by {@link CnnSpec} in one layout, fed flat rows as
 * the application feeds them; prints milliseconds per training step ({@code net.fit} on a 128-image batch) and per
 * 1,000-image inference batch ({@code net.output(x, false)}), each the mean of {@code STEPS} calls, four times.
 * Arguments: {@code NCHW|NHWC [STEPS]}. Not a test; run it on the test class path with {@code OMP_NUM_THREADS} set.
 */
public final class LayoutProbe {

    private LayoutProbe() {
    }

    /**
     * @param args layout, optionally steps per figure (default 10)
     */
    public static void main(String[] args) {
        NativeSetup.configure();
        CNN2DFormat layout = CNN2DFormat.valueOf(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        CnnSpec spec = CnnSpec.defaults(1, 28, 28, 10).withConvs(2).withDense(256).withRegularization(0.25, 1e-4, BatchNorm.FUSED)
                .withLearningRate(LearningRateSpec.cosine(1e-3, 15)).withLayout(layout);
        MultiLayerNetwork net = new MultiLayerNetwork(spec.toDl4j(1));
        net.init();
        // one channel: the flat rows are the same bytes in both layouts
        INDArray y = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int r = 0; r < 128; r++) {
            y.putScalar(r, r % 10, 1);
        }
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 128, 784), y);
        INDArray eval = Nd4j.rand(DataType.FLOAT, 1000, 784);
        for (int i = 0; i < 5; i++) {
            net.fit(batch);
            net.output(eval, false);
        }
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                net.fit(batch);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                net.output(eval, false);
            }
            long t2 = System.nanoTime();
            System.out.printf(java.util.Locale.ROOT, "%s: training step (128 images) %.1f ms, inference (1000 images) "
                    + "%.1f ms%n", layout, (t1 - t0) / 1e6 / steps, (t2 - t1) / 1e6 / steps);
        }
    }
}
