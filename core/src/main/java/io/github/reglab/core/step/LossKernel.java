package io.github.reglab.core.step;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * An output layer's loss: from the pre-activation {@code z} of a minibatch, the summed data loss and
 * {@code dL/dz} into an array of the kernel's own (the same one at every step of a minibatch size). DL4J divides the
 * sum by the minibatch size for the score and leaves the gradient summed (its updater divides).
 */
abstract class LossKernel implements AutoCloseable {

    /**
     * Computes the loss and its gradient for this minibatch.
     *
     * @param z the pre-activation {@code [n, outputs]}, the same array at every step of this size; may be overwritten
     * @param ctx the step (labels and label mask, each the same array at every step of this size)
     * @return the loss summed over the minibatch (not divided by n), the penalty not included
     */
    abstract double apply(INDArray z, StepContext ctx);

    /**
     * Returns where {@link #apply} leaves {@code dL/dz} for minibatches of n examples.
     *
     * @param n the minibatch size
     * @return the array; the backward pass may overwrite it
     */
    abstract INDArray delta(int n);

    @Override
    public void close() {
        // kernels without bound operations hold nothing to release
    }

    /**
     * Chooses the kernel for a loss and activation.
     *
     * @param loss the output layer's loss function
     * @param activation the output layer's activation
     * @param type the network's data type
     * @param outputs the number of outputs
     * @return the fused softmax cross-entropy for DL4J's {@code LossMCXENT} with softmax, DL4J's own loss code
     *     otherwise
     */
    static LossKernel of(ILossFunction loss, IActivation activation, DataType type, long outputs) {
        if (loss.getClass() == LossMCXENT.class && activation instanceof ActivationSoftmax) {
            return new SoftmaxCrossEntropy((LossMCXENT) loss, type, outputs);
        }
        return new Generic(loss, activation, type, outputs);
    }

    /**
     * Softmax with (weighted) cross-entropy, fused: {@code p = softmax(z)}; {@code dL/dz = p − y} unweighted, and
     * with class weights w {@code dL/dz = p·Σ_j y_j w_j − y⊙w}, exactly DL4J's {@code LossMCXENT} gradient (which
     * also holds for soft labels); the score {@code −Σ y⊙w⊙log(clip(p))} with DL4J's clipping of p to
     * {@code [ε, 1 − ε]} (default ε = 1e-10), computed as the clipped log-softmax (log is monotone, so clipping
     * before or after it is the same). A per-example label mask multiplies both.
     */
    static final class SoftmaxCrossEntropy extends LossKernel {
        private final INDArray weights;
        private final double clipEps;
        private final Slab p;
        private final Slab delta;
        private final Slab logp;
        private final Slab target;
        private final Slab rowSums;
        private final Slab score;
        private final java.util.Map<Integer, Bound> plans = new java.util.HashMap<>(4);

        SoftmaxCrossEntropy(LossMCXENT loss, DataType type, long outputs) {
            this.weights = loss.getWeights() == null ? null : loss.getWeights().castTo(type).reshape(outputs);
            this.clipEps = loss.getSoftmaxClipEps();
            this.p = new Slab(type, outputs);
            this.delta = new Slab(type, outputs);
            this.logp = new Slab(type, outputs);
            this.target = new Slab(type, outputs);
            this.rowSums = new Slab(type, 1);
            this.score = new Slab(type, 1);
        }

        /** The bound operations for one minibatch size, with or without a label mask. */
        private final class Bound extends Plan {
            final INDArray z;
            final boolean masked;
            final INDArray scoreCell;
            final Runnable[] ops;

            Bound(INDArray z, StepContext ctx) {
                int n = ctx.n;
                this.z = z;
                INDArray y = ctx.labels;
                INDArray mask = ctx.labelMask;
                this.masked = mask != null;
                INDArray pv = p.view(n);
                INDArray d = delta.view(n);
                INDArray lp = logp.view(n);
                java.util.List<Runnable> list = new java.util.ArrayList<>();
                list.add(bind(BoundOp.of("softmax").in(z).out(pv).ints(-1)));
                INDArray t = y;
                if (weights != null || masked) {
                    t = target.view(n);
                    list.add(bind(BoundOp.of("multiply").in(y, weights != null ? weights : mask).out(t)));
                    if (weights != null && masked) {
                        list.add(bind(BoundOp.of("multiply").in(t, mask).out(t)));
                    }
                }
                if (weights != null) {
                    INDArray col = rowSums.view(n);
                    list.add(bind(BoundOp.of("reduce_sum").in(t).out(col).ints(1).bools(true)));
                    list.add(bind(BoundOp.of("multiply").in(pv, col).out(d)));
                    list.add(bind(BoundOp.of("subtract").in(d, t).out(d)));
                } else {
                    list.add(bind(BoundOp.of("subtract").in(pv, y).out(d)));
                    if (masked) {
                        list.add(bind(BoundOp.of("multiply").in(d, mask).out(d)));
                    }
                }
                list.add(bind(BoundOp.of("log_softmax").in(z).out(lp).ints(-1)));
                if (clipEps > 0) {
                    list.add(bind(BoundOp.of("clipbyvalue").in(lp).out(lp)
                            .doubles(Math.log(clipEps), Math.log1p(-clipEps))));
                }
                scoreCell = score.view(1).reshape(1, 1);
                list.add(bind(BoundOp.of("matmul").in(t.reshape(1, t.length()), lp.reshape(lp.length(), 1))
                        .out(scoreCell).ints(0, 0, 0).doubles(1.0, 0.0)));
                ops = list.toArray(Runnable[]::new);
            }
        }

        @Override
        double apply(INDArray z, StepContext ctx) {
            if (ctx.labelMask != null && LossUtil.isPerOutputMasking(z, ctx.labelMask)) {
                throw new UnsupportedOperationException("Per output masking for MCXENT + softmax: not supported");
            }
            Bound b = plans.get(ctx.n);
            if (b == null || b.z != z || b.masked != (ctx.labelMask != null)) {
                if (b != null) {
                    b.close();
                }
                b = new Bound(z, ctx);
                plans.put(ctx.n, b);
            }
            for (Runnable op : b.ops) {
                op.run();
            }
            return -b.scoreCell.getDouble(0);
        }

        @Override
        INDArray delta(int n) {
            return delta.view(n);
        }

        @Override
        public void close() {
            plans.values().forEach(Plan::close);
            plans.clear();
        }
    }

    /** Any other loss: DL4J's own {@code computeScore} and {@code computeGradient}, as its output layer calls them. */
    static final class Generic extends LossKernel {
        private final ILossFunction loss;
        private final IActivation activation;
        private final Slab delta;

        Generic(ILossFunction loss, IActivation activation, DataType type, long outputs) {
            this.loss = loss;
            this.activation = activation;
            this.delta = new Slab(type, outputs);
        }

        @Override
        double apply(INDArray z, StepContext ctx) {
            // the score first: some losses' gradients overwrite z (an activation's backprop works in place)
            double s = loss.computeScore(ctx.labels, z, activation, ctx.labelMask, false);
            delta.view(ctx.n).assign(loss.computeGradient(ctx.labels, z, activation, ctx.labelMask));
            return s;
        }

        @Override
        INDArray delta(int n) {
            return delta.view(n);
        }
    }
}
