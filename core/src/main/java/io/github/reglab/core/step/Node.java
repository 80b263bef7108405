package io.github.reglab.core.step;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One stage of the compiled step: a layer or an input preprocessor. Its arrays are its own (preallocated
 * {@link Slab}s) or views of the network's parameters and gradients; it keeps what its backward pass needs from
 * the forward pass. Its operations are bound once per minibatch size and input ({@link Plan}).
 */
abstract class Node implements AutoCloseable {

    /** What the network calls it, for messages: {@code layer 2 (DenseLayer)}. */
    final String name;
    private final Map<Integer, Plan> plans = new HashMap<>(4);

    Node(String name) {
        this.name = name;
    }

    /**
     * Runs the training forward pass.
     *
     * @param in the input, {@code [n, ...]} in 'c' order, the same array at every step of the same minibatch size;
     *     not modified
     * @param ctx the step
     * @return the output, an array this node owns (or a view of its input)
     */
    abstract INDArray forward(INDArray in, StepContext ctx);

    /**
     * Runs the inference forward pass ({@code ctx.training} is false): no dropout, batch normalization with the
     * running statistics, nothing kept for a backward pass and no state changed. The same operations as
     * {@link #forward} for nodes that behave alike in both modes.
     *
     * @param in the input, as for {@link #forward}
     * @param ctx the step, in inference mode
     * @return the output, an array this node owns (or a view of its input)
     */
    INDArray infer(INDArray in, StepContext ctx) {
        return forward(in, ctx);
    }

    /**
     * Runs the backward pass: writes this node's parameter gradients into the network's gradient views and returns
     * the gradient with respect to its input.
     *
     * @param eps the gradient with respect to this node's output (the same array at every step of the same
     *     minibatch size; null for the output layer); the node may overwrite it
     * @param needInputGradient false for the first node with parameters, whose input gradient nobody uses
     * @param ctx the step
     * @return the gradient with respect to the input, or null when not needed
     */
    abstract INDArray backward(INDArray eps, boolean needInputGradient, StepContext ctx);

    /**
     * Returns whether the node has trainable parameters.
     *
     * @return true when the node has trainable parameters (the backward pass must reach it)
     */
    boolean hasParameters() {
        return false;
    }

    /**
     * Returns the plan for this minibatch size and mode, binding it the first time (or when its key array changed).
     *
     * @param ctx the step
     * @param key what the plan is bound to besides the size (the input, or the incoming gradient)
     * @param factory binds a new plan
     * @param <P> the node's plan type
     * @return the plan
     */
    @SuppressWarnings("unchecked")
    final <P extends KeyedPlan> P plan(StepContext ctx, INDArray key, Function<Integer, P> factory) {
        int slot = ctx.training ? ctx.n : -ctx.n; // inference binds its own operations
        Plan p = plans.get(slot);
        if (p == null || ((KeyedPlan) p).key != key) {
            if (p != null) {
                p.close();
            }
            P fresh = factory.apply(ctx.n);
            fresh.key = key;
            plans.put(slot, fresh);
            return fresh;
        }
        return (P) p;
    }

    @Override
    public void close() {
        plans.values().forEach(Plan::close);
        plans.clear();
    }

    /** A plan that remembers the array it was bound to. */
    static class KeyedPlan extends Plan {
        INDArray key;
    }

    @Override
    public String toString() {
        return name;
    }
}
