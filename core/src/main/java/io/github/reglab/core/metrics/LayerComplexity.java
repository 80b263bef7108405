package io.github.reglab.core.metrics;

import java.util.List;

/**
 * Size and sparsity of one layer's weights (biases excluded).
 *
 * @param layerIndex the layer's position, from 0
 * @param layerType the layer's class, e.g. {@code DenseLayer}
 * @param weights the number of weights
 * @param l1Norm {@code Σ|w|}
 * @param l2Norm {@code √Σw²}
 * @param nonZeros weights that are not exactly 0 (the lasso's degrees of freedom)
 * @param zeroFraction share of weights exactly 0, in [0, 1]
 * @param belowToleranceFraction share of weights with {@code |w| ≤ tolerance}, in [0, 1]
 * @param zeroInputs inputs whose outgoing weights are all exactly 0 (rows of a dense {@code W[nIn, nOut]}, input
 *     channels of a convolution): removed features
 * @param zeroUnits units whose incoming weights are all exactly 0 (columns of a dense {@code W}, filters of a
 *     convolution): pruned neurons or filters
 */
public record LayerComplexity(int layerIndex, String layerType, long weights, double l1Norm, double l2Norm,
        long nonZeros, double zeroFraction, double belowToleranceFraction, List<Integer> zeroInputs,
        List<Integer> zeroUnits) {

    /**
     * Copies the lists.
     *
     * @param layerIndex the layer's position, from 0
     * @param layerType the layer's class, e.g. {@code DenseLayer}
     * @param weights the number of weights
     * @param l1Norm {@code Σ|w|}
     * @param l2Norm {@code √Σw²}
     * @param nonZeros weights that are not exactly 0 (the lasso's degrees of freedom)
     * @param zeroFraction share of weights exactly 0, in [0, 1]
     * @param belowToleranceFraction share of weights with {@code |w| ≤ tolerance}, in [0, 1]
     * @param zeroInputs inputs whose outgoing weights are all exactly 0 (rows of a dense {@code W[nIn, nOut]}, input
     *     channels of a convolution): removed features
     * @param zeroUnits units whose incoming weights are all exactly 0 (columns of a dense {@code W}, filters of a
     *     convolution): pruned neurons or filters
     */
    public LayerComplexity {
        zeroInputs = List.copyOf(zeroInputs);
        zeroUnits = List.copyOf(zeroUnits);
    }
}
