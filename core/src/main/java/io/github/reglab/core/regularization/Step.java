package io.github.reglab.core.regularization;

/**
 * How a penalty with a non-smooth part (L1, elastic net, group lasso) enters training.
 */
public enum Step {
    /**
     * Subgradient before the updater: the penalty's (sub)gradient is added to the data gradient, and the updater
     * (SGD, Adam …) treats the sum alike. Weights shrink but almost never become exactly 0.
     */
    GRADIENT,
    /**
     * Proximal step after the updater: the updater's step is taken on the data loss alone, then the penalty's
     * proximal operator (soft-thresholding, block soft-thresholding) is applied with the learning rate. Weights and
     * groups the data does not support become exactly 0. With plain SGD this is proximal gradient descent (ISTA);
     * with adaptive updaters the threshold uses the base learning rate, a heuristic rather than an exact method.
     */
    PROXIMAL
}
