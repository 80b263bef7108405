package io.github.reglab.core.step;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The composed batch-norm backward pass against the derivative itself: central finite differences of the node's own
 * forward pass ({@code moments} + {@code batchnorm}) of the loss {@code L = Σ y ⊙ r}, in double precision, with
 * some rows of r zero (as a label mask leaves them). With step h = 1e-5 the central difference is accurate to about
 * h² · |f'''| plus rounding 1e-16/h, i.e. 1e-10 here; the composed dx, dγ and dβ must agree to 1e-8 relative.
 * libnd4j's {@code batchnorm_bp} (the other mode) is printed beside it: about 2e-8 off in dx, which is why the
 * parity test with DL4J allows 1e-7 for the composed form.
 */
class BatchNormNodeTest {

    private static final double H = 1e-5;
    private static final double TOLERANCE = 1e-8;
    private static final double EPS = 1e-5;

    /** @param shape "dense" ([M, C]) or "nhwc" ([N, H, W, C]) */
    @ParameterizedTest
    @ValueSource(strings = {"dense", "nhwc"})
    void composedBackwardIsTheDerivative(String shape) {
        Nd4j.getRandom().setSeed(9);
        long[] perExample = shape.equals("dense") ? new long[] {3} : new long[] {2, 3, 3};
        int n = shape.equals("dense") ? 10 : 4;
        int c = (int) perExample[perExample.length - 1];
        long[] full = new long[perExample.length + 1];
        full[0] = n;
        System.arraycopy(perExample, 0, full, 1, perExample.length);
        INDArray x = Nd4j.rand(DataType.DOUBLE, full).muli(3).subi(1);
        INDArray r = Nd4j.randn(DataType.DOUBLE, full);
        for (int i = 0; i < n; i += 3) {
            r.slice(i).assign(0);
        }
        INDArray params = Nd4j.create(DataType.DOUBLE, 4L * c);
        params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2 * c)).assign(
                Nd4j.rand(DataType.DOUBLE, 2L * c).addi(0.5));
        params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * c, 4 * c)).assign(1);

        INDArray composed = backward(BatchNormBackward.COMPOSED, x, r, params, perExample);
        INDArray libnd4j = backward(BatchNormBackward.LIBND4J, x, r, params, perExample);
        INDArray numeric = numericGradient(x, r, params, perExample);

        double scale = numeric.amaxNumber().doubleValue();
        double composedError = composed.sub(numeric).amaxNumber().doubleValue() / scale;
        double libnd4jError = libnd4j.sub(numeric).amaxNumber().doubleValue() / scale;
        assertTrue(composedError <= TOLERANCE, String.format(Locale.ROOT, "%s: composed backward relative error %.3g "
                + "(libnd4j's batchnorm_bp: %.3g)", shape, composedError, libnd4jError));
    }

    /** Returns dx, dγ and dβ of the node's backward pass, concatenated. */
    private static INDArray backward(BatchNormBackward mode, INDArray x, INDArray r, INDArray params,
            long[] perExample) {
        INDArray gradients = params.ulike();
        BatchNormNode node = new BatchNormNode("bn", params, gradients, 0.9, EPS, CNN2DFormat.NHWC, perExample, mode,
                DataType.DOUBLE);
        StepContext ctx = new StepContext();
        ctx.n = (int) x.size(0);
        node.forward(x, ctx);
        INDArray dx = node.backward(r.dup(), true, ctx);
        int c = (int) perExample[perExample.length - 1];
        return Nd4j.concat(0, dx.reshape(dx.length()), gradients.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2 * c)).dup());
    }

    /** Central differences of L = Σ bn(x; γ, β) ⊙ r with respect to x, γ and β, in that order. */
    private static INDArray numericGradient(INDArray x, INDArray r, INDArray params, long[] perExample) {
        int c = (int) perExample[perExample.length - 1];
        INDArray out = Nd4j.create(DataType.DOUBLE, x.length() + 2L * c);
        INDArray xf = x.reshape(x.length());
        for (long i = 0; i < x.length(); i++) {
            out.putScalar(i, difference(xf, i, x, r, params, perExample));
        }
        for (long i = 0; i < 2L * c; i++) {
            out.putScalar(x.length() + i, difference(params, i, x, r, params, perExample));
        }
        return out;
    }

    private static double difference(INDArray flat, long i, INDArray x, INDArray r, INDArray params,
            long[] perExample) {
        double v = flat.getDouble(i);
        flat.putScalar(i, v + H);
        double plus = loss(x, r, params, perExample);
        flat.putScalar(i, v - H);
        double minus = loss(x, r, params, perExample);
        flat.putScalar(i, v);
        return (plus - minus) / (2 * H);
    }

    private static double loss(INDArray x, INDArray r, INDArray params, long[] perExample) {
        BatchNormNode node = new BatchNormNode("bn", params, params.ulike(), 0.9, EPS, CNN2DFormat.NHWC, perExample,
                BatchNormBackward.COMPOSED, DataType.DOUBLE);
        StepContext ctx = new StepContext();
        ctx.n = (int) x.size(0);
        return node.forward(x, ctx).mul(r).sumNumber().doubleValue();
    }
}
