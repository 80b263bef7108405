package io.github.reglab.core.step;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer: {@code z = dropout(x)·W + b}, {@code a = f(z)}; backward {@code dz = f'(z) ⊙ eps},
 * {@code dW = xᵀ·dz}, {@code db = Σ_rows dz} (written into the network's gradient views, summed over the minibatch
 * as DL4J leaves them for its updater), and {@code eps_in = dz·Wᵀ} through the input dropout. Unlike DL4J's layer
 * it keeps {@code z} from the forward pass instead of computing it again.
 */
class DenseNode extends Node {

    final INDArray w;
    final INDArray b;
    final INDArray dw;
    final INDArray db;
    private final ActivationOp act;
    private final DropoutOp dropout;
    private final Slab dropped;
    private final Slab z;
    private final Slab a;
    private final Slab dz;
    private final Slab epsIn;

    /**
     * Creates the node over the layer's parameter and gradient views.
     *
     * @param name for messages
     * @param w the weights {@code [nIn, nOut]}
     * @param b the bias {@code [1, nOut]}, or null without bias
     * @param dw the weights' gradient view
     * @param db the bias's gradient view, or null without bias
     * @param act the activation (null for an output layer, whose loss takes z)
     * @param dropout the configured input dropout, or null
     * @param type the network's data type
     */
    DenseNode(String name, INDArray w, INDArray b, INDArray dw, INDArray db, ActivationOp act, IDropout dropout,
            DataType type) {
        super(name);
        this.w = w;
        this.b = b == null ? null : b.reshape(b.length());
        this.dw = dw;
        this.db = db == null ? null : db.reshape(db.length());
        this.act = act;
        long nIn = w.size(0);
        long nOut = w.size(1);
        this.dropped = dropout == null ? null : new Slab(type, nIn);
        this.dropout = DropoutOp.of(dropout, dropout == null ? null : new Slab(type, nIn));
        this.z = new Slab(type, nOut);
        this.a = act == null || act.inPlace() ? null : new Slab(type, nOut);
        this.dz = act == null || act.identity() ? null : new Slab(type, nOut);
        this.epsIn = new Slab(type, nIn);
    }

    /** What one minibatch size binds: the forward operations at once, the backward ones at the first backward. */
    class DensePlan extends KeyedPlan {
        final INDArray x;
        final INDArray zv;
        final INDArray out;
        private final Runnable drop;
        private final Runnable matmul;
        private final Runnable bias;
        private final Runnable activate;
        private INDArray boundEps;
        private Runnable[] back;
        private INDArray backDelta;
        private INDArray backOut;

        DensePlan(INDArray in, StepContext ctx) {
            int n = ctx.n;
            x = dropout == null || !ctx.training ? in : dropped.view(n);
            drop = dropout == null || !ctx.training ? null : dropout.forward(this, in, x, ctx);
            zv = z.view(n);
            matmul = bind(BoundOp.of("matmul").in(x, w).out(zv).ints(0, 0, 0).doubles(1.0, 0.0));
            bias = b == null ? null : bind(BoundOp.of("biasadd").in(zv, b).out(zv).bools(false));
            out = act == null || a == null ? zv : a.view(n);
            activate = act == null ? null : act.forward(this, zv, out);
        }

        void forward() {
            if (drop != null) {
                drop.run();
            }
            matmul.run();
            if (bias != null) {
                bias.run();
            }
            if (activate != null) {
                activate.run();
            }
        }

        /** Binds (once) and runs the backward pass from {@code dL/dz} = delta. */
        INDArray backward(INDArray eps, INDArray delta, boolean needInputGradient, StepContext ctx) {
            if (back == null || eps != boundEps) {
                boundEps = eps;
                int n = ctx.n;
                backDelta = delta;
                Runnable activation = null;
                if (act != null) {
                    backDelta = act.identity() ? eps : dz.view(n);
                    activation = act.backward(this, act.inPlace() ? out : zv, eps, backDelta);
                }
                backOut = epsIn.view(n);
                back = new Runnable[] {
                    activation,
                    db == null ? null : bind(BoundOp.of("reduce_sum").in(backDelta).out(db).ints(0)),
                    bind(BoundOp.of("matmul").in(x, backDelta).out(dw).ints(1, 0, 0).doubles(1.0, 0.0)),
                    bind(BoundOp.of("matmul").in(backDelta, w).out(backOut).ints(0, 1, 0).doubles(1.0, 0.0)),
                    dropout == null ? null : dropout.backward(this, backOut, ctx)};
            }
            int last = needInputGradient ? back.length : 3;
            for (int i = 0; i < last; i++) {
                if (back[i] != null) {
                    back[i].run();
                }
            }
            return needInputGradient ? backOut : null;
        }
    }

    final DensePlan densePlan(INDArray in, StepContext ctx) {
        return plan(ctx, in, n -> new DensePlan(in, ctx));
    }

    private DensePlan last;

    @Override
    INDArray forward(INDArray in, StepContext ctx) {
        last = densePlan(in, ctx);
        last.forward();
        return last.out;
    }

    @Override
    INDArray backward(INDArray eps, boolean needInputGradient, StepContext ctx) {
        return last.backward(eps, null, needInputGradient, ctx);
    }

    /**
     * Returns the plan of the last forward pass.
     *
     * @return the plan the last {@link #forward} ran
     */
    final DensePlan lastPlan() {
        return last;
    }

    final void setLast(DensePlan plan) {
        this.last = plan;
    }

    @Override
    boolean hasParameters() {
        return true;
    }
}
