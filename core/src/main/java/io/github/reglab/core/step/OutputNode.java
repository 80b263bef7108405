package io.github.reglab.core.step;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An output layer: the dense part of {@link DenseNode}, then the loss, computed once in the forward pass together
 * with {@code dL/dz} ({@link LossKernel}).
 */
final class OutputNode extends DenseNode {

    private final LossKernel loss;
    private final IActivation activation;
    private double lastScore;

    OutputNode(String name, INDArray w, INDArray b, INDArray dw, INDArray db, LossKernel loss, IActivation activation,
            IDropout dropout, DataType type) {
        super(name, w, b, dw, db, null, dropout, type);
        this.loss = loss;
        this.activation = activation;
    }

    /**
     * The layer's output in inference mode: its activation (softmax, sigmoid, …) of {@code z}, in a new array (the
     * caller keeps it), as DL4J's {@code output} computes it.
     */
    @Override
    INDArray infer(INDArray in, StepContext ctx) {
        DensePlan p = densePlan(in, ctx);
        p.forward();
        return activation.getActivation(p.zv.dup(), false);
    }

    @Override
    INDArray forward(INDArray in, StepContext ctx) {
        DensePlan p = densePlan(in, ctx);
        setLast(p);
        p.forward();
        lastScore = loss.apply(p.zv, ctx);
        return p.zv;
    }

    /**
     * Returns the loss of the last forward pass.
     *
     * @return the data loss summed over the minibatch
     */
    double score() {
        return lastScore;
    }

    @Override
    INDArray backward(INDArray eps, boolean needInputGradient, StepContext ctx) {
        INDArray delta = loss.delta(ctx.n);
        return lastPlan().backward(delta, delta, needInputGradient, ctx);
    }

    @Override
    public void close() {
        super.close();
        loss.close();
    }
}
