package io.github.reglab.core.step;

/**
 * How the compiled step computes batch normalization's backward pass.
 */
public enum BatchNormBackward {
    /**
     * Composed from the flattened {@code [N·H·W, C]} view (dense input: {@code [N, C]}): two column sums done as
     * matrix products with a ones row, and broadcast element-wise operations, about nine native calls at memory
     * speed. For NHWC and dense input; NCHW input, whose channels are not the last axis, uses {@link #LIBND4J}.
     * The default: measured about three times faster than libnd4j's {@code batchnorm_bp} in NHWC
     * (docs/benchmarks.md).
     */
    COMPOSED,
    /** libnd4j's fused {@code batchnorm_bp} operation (oneDNN where the natives have it), as
     * {@code FusedBatchNormalization} uses it. */
    LIBND4J
}
