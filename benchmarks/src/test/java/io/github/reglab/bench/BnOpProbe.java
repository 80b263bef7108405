package io.github.reglab.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Probe for docs/benchmarks.md ("Fast path"): milliseconds per call of libnd4j's {@code moments}, {@code
 * batchnorm} and {@code batchnorm_bp} (and ND4J's mean + variance) on one activation tensor. Arguments:
 * {@code NCHW|NHWC N C HW [helpersAllowed]}. Not a test; run it on the test class path.
 */
public final class BnOpProbe {
    public static void main(String[] a) {
        io.github.reglab.core.backend.NativeSetup.configure();
        boolean nhwc = a[0].equals("NHWC");
        if (a.length > 4) Nd4j.getEnvironment().allowHelpers(Boolean.parseBoolean(a[4]));
        System.out.println("helpers allowed: " + Nd4j.getEnvironment().helpersAllowed());
        int n = Integer.parseInt(a[1]), c = Integer.parseInt(a[2]), hw = Integer.parseInt(a[3]);
        INDArray x = nhwc ? Nd4j.rand(DataType.FLOAT, n, hw, hw, c) : Nd4j.rand(DataType.FLOAT, n, c, hw, hw);
        INDArray eps = x.like().assign(0.5);
        int axis = nhwc ? 3 : 1;
        int[] dims = nhwc ? new int[] {0, 1, 2} : new int[] {0, 2, 3};
        INDArray mean = Nd4j.create(DataType.FLOAT, c), var = Nd4j.create(DataType.FLOAT, c);
        INDArray g = Nd4j.ones(DataType.FLOAT, c), b = Nd4j.zeros(DataType.FLOAT, c);
        INDArray out = x.ulike(), dx = x.ulike();
        INDArray dm = mean.ulike(), dv = mean.ulike(), dg = mean.ulike(), db = mean.ulike();
        Runnable moments = () -> Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(mean, var).addIntegerArguments(dims).addBooleanArguments(false).build());
        Runnable mean2 = () -> { x.mean(mean, dims); Nd4j.exec(new org.nd4j.linalg.api.ops.impl.summarystats.Variance(x, var, false, dims)); };
        Runnable bn = () -> Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, mean, var, g, b).addOutputs(out).addIntegerArguments(1, 1, axis).addFloatingPointArguments(1e-5).build());
        Runnable bp = () -> Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp").addInputs(x, mean, var, g, b, eps).addOutputs(dx, dm, dv, dg, db).addIntegerArguments(1, 1, axis).addFloatingPointArguments(1e-5).build());
        for (var e : java.util.Map.of("moments", moments, "mean+variance", mean2, "batchnorm", bn, "batchnorm_bp", bp).entrySet()) {
            for (int i = 0; i < 5; i++) e.getValue().run();
            long t0 = System.nanoTime();
            int reps = 20;
            for (int i = 0; i < reps; i++) e.getValue().run();
            System.out.printf("%s %s [%d,%d,%d,%d]: %.2f ms%n", a[0], e.getKey(), n, c, hw, hw, (System.nanoTime() - t0) / 1e6 / reps);
        }
    }
}
