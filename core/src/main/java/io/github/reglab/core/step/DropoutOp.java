package io.github.reglab.core.step;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer's input dropout, with DL4J's semantics. For DL4J's {@link Dropout} (inverted dropout, {@code p} the
 * <em>retain</em> probability, optionally scheduled): a mask of ones turned into {@code 0} or {@code 1/p} by
 * ND4J's {@code DropOutInverted}, then multiplied in; the very operations DL4J's class issues, in the same order on
 * the same random generator, so a step draws the masks {@code MultiLayerNetwork.fit} would. The mask lives in a
 * preallocated array. Any other {@link IDropout} (Gaussian dropout, alpha dropout, Gaussian noise, spatial
 * dropout) runs DL4J's own implementation.
 */
final class DropoutOp {

    private final IDropout dropout;
    private final Dropout plain;
    private final Slab mask;

    private DropoutOp(IDropout dropout, Slab mask) {
        this.dropout = dropout;
        this.plain = dropout.getClass() == Dropout.class ? (Dropout) dropout : null;
        this.mask = mask;
    }

    /**
     * Returns the dropout of a layer, or null for none.
     *
     * @param dropout the layer's dropout configuration, or null
     * @param template an array of the per-example shape and type of the arrays it applies to (becomes the mask)
     * @return the operation, or null when dropout is null
     */
    static DropoutOp of(IDropout dropout, Slab template) {
        return dropout == null ? null : new DropoutOp(dropout, template);
    }

    /**
     * Binds {@code out = in ⊙ mask} with a fresh mask each run.
     *
     * @param plan the plan the bound operations join
     * @param in the input; not modified
     * @param out where the result goes, shaped like in
     * @param ctx the step (its counters drive a schedule; read at each run)
     * @return the operation to run each step
     */
    Runnable forward(Plan plan, INDArray in, INDArray out, StepContext ctx) {
        if (plain == null) {
            return () -> dropout.applyDropout(in, out, ctx.iteration, ctx.epoch, LayerWorkspaceMgr.noWorkspaces());
        }
        INDArray m = mask.view(ctx.n);
        Runnable apply = plan.bind(BoundOp.of("multiply").in(in, m).out(out));
        return () -> {
            double p = plain.getPSchedule() != null ? plain.getPSchedule().valueAt(ctx.iteration, ctx.epoch)
                    : plain.getP();
            m.assign(1.0);
            Nd4j.getExecutioner().exec(new DropOutInverted(m, m, p));
            apply.run();
        };
    }

    /**
     * Binds the backward pass through the last forward run: {@code eps = eps ⊙ mask}, in place.
     *
     * @param plan the plan the bound operation joins
     * @param eps the gradient with respect to the output; becomes the gradient with respect to the input
     * @param ctx the step
     * @return the operation to run each step
     */
    Runnable backward(Plan plan, INDArray eps, StepContext ctx) {
        if (plain == null) {
            return () -> dropout.backprop(eps, eps, ctx.iteration, ctx.epoch);
        }
        return plan.bind(BoundOp.of("multiply").in(eps, mask.view(ctx.n)).out(eps));
    }
}
