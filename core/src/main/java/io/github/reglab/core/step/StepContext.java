package io.github.reglab.core.step;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one training step's nodes share: the minibatch size, the counters that drive schedules, the labels, and
 * whether it trains or infers.
 */
final class StepContext {

    /** Examples in this minibatch. */
    int n;
    /** The network's iteration count before this step's update. */
    int iteration;
    /** The network's epoch count. */
    int epoch;
    /** This minibatch's labels, in the network's data type. */
    INDArray labels;
    /** Per-example label mask {@code [n, 1]} or per-output mask {@code [n, outputs]}, or null. */
    INDArray labelMask;
    /** False while the step computes outputs in inference mode (no dropout, running batch-norm statistics). */
    boolean training = true;
}
