package io.github.reglab.core.step;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution computed by libnd4j's {@code conv2d} and {@code conv2d_bp} in the layer's own data format
 * (NCHW or NHWC; oneDNN serves both where the natives have it), reading DL4J's weight layout
 * {@code [nOut, nIn, kH, kW]} directly (libnd4j's weight format OIYX) and writing the weight and bias gradients
 * into the network's gradient views. DL4J M2.1's layer instead computes in NCHW whatever its format, permuting and
 * copying NHWC input, gradients and output around every call. A convolution without bias (batch norm after it
 * cancels one) passes none.
 */
final class ConvolutionNode extends Node {

    /** libnd4j's weight-format argument for {@code [oC, iC, kH, kW]}. */
    private static final int WEIGHTS_OIYX = 1;

    private final INDArray w;
    private final INDArray b;
    private final INDArray dw;
    private final INDArray db;
    private final ActivationOp act;
    private final DropoutOp dropout;
    private final int[] args;
    private final Slab dropped;
    private final Slab z;
    private final Slab a;
    private final Slab dz;
    private final Slab dx;
    private Bound last;

    /**
     * Creates the node over the layer's parameter and gradient views.
     *
     * @param name for messages
     * @param w the weights {@code [nOut, nIn, kH, kW]}
     * @param b the bias (any shape of length nOut), or null without bias
     * @param dw the weights' gradient view, shaped like w
     * @param db the bias's gradient view, or null
     * @param act the activation
     * @param dropout the configured input dropout, or null
     * @param kernel kernel height and width
     * @param stride strides
     * @param padding explicit padding (ignored in same mode)
     * @param dilation dilation
     * @param same whether DL4J's {@code ConvolutionMode.Same} is set (libnd4j computes the padding)
     * @param format the data layout
     * @param inPerExample the input's per-example shape
     * @param outPerExample the output's per-example shape
     * @param type the network's data type
     */
    ConvolutionNode(String name, INDArray w, INDArray b, INDArray dw, INDArray db, ActivationOp act, IDropout dropout,
            int[] kernel, int[] stride, int[] padding, int[] dilation, boolean same, CNN2DFormat format,
            long[] inPerExample, long[] outPerExample, DataType type) {
        super(name);
        this.w = w;
        this.b = b == null ? null : b.reshape(b.length());
        this.dw = dw;
        this.db = db == null ? null : db.reshape(db.length());
        this.act = act;
        this.args = new int[] {kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0],
            dilation[1], same ? 1 : 0, format == CNN2DFormat.NCHW ? 0 : 1, WEIGHTS_OIYX};
        this.dropped = dropout == null ? null : new Slab(type, inPerExample);
        this.dropout = DropoutOp.of(dropout, dropout == null ? null : new Slab(type, inPerExample));
        this.z = new Slab(type, outPerExample);
        this.a = act.inPlace() ? null : new Slab(type, outPerExample);
        this.dz = act.identity() ? null : new Slab(type, outPerExample);
        this.dx = new Slab(type, inPerExample);
    }

    /** The operations bound for one minibatch size. */
    private final class Bound extends KeyedPlan {
        final INDArray x;
        final INDArray zv;
        final INDArray o;
        final Runnable drop;
        final Runnable conv;
        final Runnable activate;
        INDArray boundEps;
        Runnable activationBack;
        Runnable convBack;
        Runnable dropBack;
        INDArray e;

        Bound(INDArray in, StepContext ctx) {
            int n = ctx.n;
            x = dropout == null || !ctx.training ? in : dropped.view(n);
            drop = dropout == null || !ctx.training ? null : dropout.forward(this, in, x, ctx);
            zv = z.view(n);
            conv = bind(BoundOp.of("conv2d").in(b == null ? new INDArray[] {x, w} : new INDArray[] {x, w, b})
                    .out(zv).ints(args));
            o = a == null ? zv : a.view(n);
            activate = act.forward(this, zv, o);
        }

        void bindBackward(INDArray eps, StepContext ctx) {
            boundEps = eps;
            int n = ctx.n;
            INDArray d = act.identity() ? eps : dz.view(n);
            activationBack = act.backward(this, act.inPlace() ? o : zv, eps, d);
            e = dx.view(n);
            convBack = bind(BoundOp.of("conv2d_bp")
                    .in(b == null ? new INDArray[] {x, w, d} : new INDArray[] {x, w, b, d})
                    .out(b == null ? new INDArray[] {e, dw} : new INDArray[] {e, dw, db}).ints(args));
            dropBack = dropout == null ? null : dropout.backward(this, e, ctx);
        }
    }

    @Override
    INDArray forward(INDArray in, StepContext ctx) {
        last = plan(ctx, in, n -> new Bound(in, ctx));
        if (last.drop != null) {
            last.drop.run();
        }
        last.conv.run();
        last.activate.run();
        return last.o;
    }

    @Override
    INDArray backward(INDArray eps, boolean needInputGradient, StepContext ctx) {
        Bound p = last;
        if (p.convBack == null || p.boundEps != eps) {
            p.bindBackward(eps, ctx);
        }
        p.activationBack.run();
        p.convBack.run();
        if (!needInputGradient) {
            return null;
        }
        if (p.dropBack != null) {
            p.dropBack.run();
        }
        return p.e;
    }

    @Override
    boolean hasParameters() {
        return true;
    }
}
