package io.github.reglab.core.step;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An activation layer: {@code a = f(x)} into its own array (the input belongs to the node before, whose backward
 * pass may still need it); backward {@code f'(x) ⊙ eps}. Like DL4J's layer, it applies no dropout.
 */
final class ActivationNode extends Node {

    private final ActivationOp act;
    private final Slab out;
    private final Slab dx;
    private Bound last;

    ActivationNode(String name, ActivationOp act, DataType type, long[] perExample) {
        super(name);
        this.act = act;
        this.out = new Slab(type, perExample);
        this.dx = new Slab(type, perExample);
    }

    private final class Bound extends KeyedPlan {
        final INDArray in;
        final INDArray o;
        final Runnable forward;
        INDArray boundEps;
        Runnable backward;
        INDArray d;

        Bound(INDArray in, StepContext ctx) {
            this.in = in;
            this.o = act.identity() ? in : out.view(ctx.n);
            this.forward = act.forward(this, in, o);
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
        Bound b = last;
        if (b.backward == null || b.boundEps != eps) {
            b.boundEps = eps;
            b.d = act.identity() ? eps : dx.view(ctx.n);
            b.backward = act.backward(b, act.inPlace() ? b.o : b.in, eps, b.d);
        }
        b.backward.run();
        return b.d;
    }
}
