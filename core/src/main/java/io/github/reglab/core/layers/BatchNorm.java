package io.github.reglab.core.layers;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Whether a network normalizes its activations by batch, and with which layer: one three-way choice where a
 * configuration would otherwise carry two booleans (on, and which implementation).
 */
public enum BatchNorm {
    /** No batch normalization. */
    NONE,
    /** This project's {@link FusedBatchNormalization}: libnd4j's fused operations, about 5 native calls a step. */
    FUSED,
    /** DL4J's own {@link BatchNormalization}: the same function with about four times the native calls. */
    DL4J;

    /**
     * Returns whether the network normalizes at all.
     *
     * @return false for {@link #NONE}
     */
    public boolean on() {
        return this != NONE;
    }

    /**
     * Returns the choice two on/off settings describe (the command-line switches).
     *
     * @param on whether to normalize
     * @param stock whether to use DL4J's layer rather than the fused one (ignored when off)
     * @return the choice
     */
    public static BatchNorm of(boolean on, boolean stock) {
        return !on ? NONE : stock ? DL4J : FUSED;
    }

    /**
     * Builds the layer for a dense activation of {@code nOut} units.
     *
     * @param nOut the units
     * @return the layer
     * @throws IllegalStateException for {@link #NONE}
     */
    public Layer dense(long nOut) {
        return switch (this) {
            case FUSED -> FusedBatchNormalization.builder().nOut(nOut).build();
            case DL4J -> new BatchNormalization.Builder().nOut(nOut).build();
            case NONE -> throw new IllegalStateException("BatchNorm.NONE builds no layer");
        };
    }

    /**
     * Builds the layer for convolution activations in a layout (the channel count is inferred from the input type).
     *
     * @param layout NCHW or NHWC
     * @return the layer
     * @throws IllegalStateException for {@link #NONE}
     */
    public Layer convolutional(CNN2DFormat layout) {
        Objects.requireNonNull(layout, "layout");
        return switch (this) {
            case FUSED -> FusedBatchNormalization.builder().dataFormat(layout).build();
            case DL4J -> new BatchNormalization.Builder().dataFormat(layout).build();
            case NONE -> throw new IllegalStateException("BatchNorm.NONE builds no layer");
        };
    }
}
