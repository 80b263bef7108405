package io.github.reglab.core.step;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A dropout layer: its configured dropout applied to its input, into its own array. */
final class DropoutNode extends Node {

    private final DropoutOp dropout;
    private final Slab out;
    private Bound last;

    DropoutNode(String name, IDropout dropout, DataType type, long[] perExample) {
        super(name);
        this.dropout = DropoutOp.of(dropout, new Slab(type, perExample));
        this.out = dropout == null ? null : new Slab(type, perExample);
    }

    private final class Bound extends KeyedPlan {
        final INDArray o;
        final Runnable forward;
        INDArray boundEps;
        Runnable backward;

        Bound(INDArray in, StepContext ctx) {
            this.o = out.view(ctx.n);
            this.forward = dropout.forward(this, in, o, ctx);
        }
    }

    @Override
    INDArray forward(INDArray in, StepContext ctx) {
        if (dropout == null || !ctx.training) {
            return in;
        }
        last = plan(ctx, in, n -> new Bound(in, ctx));
        last.forward.run();
        return last.o;
    }

    @Override
    INDArray backward(INDArray eps, boolean needInputGradient, StepContext ctx) {
        if (!needInputGradient) {
            return null;
        }
        if (dropout != null) {
            Bound b = last;
            if (b.backward == null || b.boundEps != eps) {
                b.boundEps = eps;
                b.backward = dropout.backward(b, eps, ctx);
            }
            b.backward.run();
        }
        return eps;
    }
}
