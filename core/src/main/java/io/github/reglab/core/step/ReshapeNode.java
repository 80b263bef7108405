package io.github.reglab.core.step;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An input preprocessor that only reshapes in 'c' order (DL4J's {@code CnnToFeedForwardPreProcessor} and
 * {@code FeedForwardToCnnPreProcessor}, this project's {@code FlatToCnnPreProcessor}): a view forward, the inverse
 * view backward. Its input is contiguous, so no copy is made; the views are made once per input and gradient array.
 */
final class ReshapeNode extends Node {

    private final long[] outShape;
    private final Map<INDArray, INDArray> views = new IdentityHashMap<>(8);
    private long[] inShape;

    ReshapeNode(String name, long[] outPerExample) {
        super(name);
        this.outShape = outPerExample.clone();
    }

    @Override
    INDArray forward(INDArray in, StepContext ctx) {
        inShape = in.shape();
        return views.computeIfAbsent(in, a -> {
            long[] shape = new long[outShape.length + 1];
            shape[0] = ctx.n;
            System.arraycopy(outShape, 0, shape, 1, outShape.length);
            return a.reshape('c', shape);
        });
    }

    @Override
    INDArray backward(INDArray eps, boolean needInputGradient, StepContext ctx) {
        if (!needInputGradient) {
            return null;
        }
        long[] target = inShape;
        return views.computeIfAbsent(eps, a -> a.reshape('c', target));
    }

    @Override
    public String toString() {
        return name + " -> " + Arrays.toString(outShape);
    }
}
