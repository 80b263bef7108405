package io.github.reglab.core.step;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max or average pooling by libnd4j's {@code maxpool2d}/{@code avgpool2d} and their backward operations, with the
 * arguments DL4J's {@code SubsamplingLayer} passes them (its own path when no helper takes over), into
 * preallocated arrays. Like DL4J's layer, it applies no dropout.
 */
final class PoolingNode extends Node {

    private final String forwardOp;
    private final String backwardOp;
    private final int[] forwardArgs;
    private final int[] backwardArgs;
    private final Slab out;
    private final Slab dx;
    private Bound last;

    /**
     * Creates the node.
     *
     * @param name for messages
     * @param type MAX or AVG
     * @param includePadInDivisor DL4J's {@code avgPoolIncludePadInDivisor} (average pooling only)
     * @param kernel kernel size
     * @param stride strides
     * @param padding explicit padding
     * @param backwardPadding the padding DL4J passes to the backward operation (same mode: the top-left padding)
     * @param dilation dilation
     * @param same whether DL4J's {@code ConvolutionMode.Same} is set
     * @param format the data layout
     * @param inPerExample the input's per-example shape
     * @param outPerExample the output's per-example shape
     * @param dataType the network's data type
     */
    PoolingNode(String name, PoolingType type, boolean includePadInDivisor, int[] kernel, int[] stride, int[] padding,
            int[] backwardPadding, int[] dilation, boolean same, CNN2DFormat format, long[] inPerExample,
            long[] outPerExample, DataType dataType) {
        super(name);
        boolean max = type == PoolingType.MAX;
        this.forwardOp = max ? "maxpool2d" : "avgpool2d";
        this.backwardOp = max ? "maxpool2d_bp" : "avgpool2d_bp";
        int extra = max ? 0 : includePadInDivisor ? 1 : 0;
        int layout = format == CNN2DFormat.NCHW ? 0 : 1;
        this.forwardArgs = new int[] {kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1],
            dilation[0], dilation[1], same ? 1 : 0, extra, layout};
        this.backwardArgs = new int[] {kernel[0], kernel[1], stride[0], stride[1], backwardPadding[0],
            backwardPadding[1], dilation[0], dilation[1], same ? 1 : 0, extra, layout};
        this.out = new Slab(dataType, outPerExample);
        this.dx = new Slab(dataType, inPerExample);
    }

    /** The operations bound for one minibatch size. */
    private final class Bound extends KeyedPlan {
        final INDArray in;
        final INDArray o;
        final Runnable forward;
        INDArray boundEps;
        Runnable backward;
        INDArray d;

        Bound(INDArray in, StepContext ctx) {
            this.in = in;
            this.o = out.view(ctx.n);
            this.forward = bind(BoundOp.of(forwardOp).in(in).out(o).ints(forwardArgs));
        }
    }

    @Override
    INDArray forward(INDArray in, StepContext ctx) {
        last = plan(ctx, in, n -> new Bound(in, ctx));
        last.forward.run();
        return last.o;
    }

    @Override
    INDArray backward(INDArray eps, boolean needInputGradient, StepContext ctx) {
        if (!needInputGradient) {
            return null;
        }
        Bound p = last;
        if (p.backward == null || p.boundEps != eps) {
            p.boundEps = eps;
            p.d = dx.view(ctx.n);
            p.backward = p.bind(BoundOp.of(backwardOp).in(p.in, eps).out(p.d).ints(backwardArgs));
        }
        p.backward.run();
        return p.d;
    }
}
