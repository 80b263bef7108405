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
    PROXIMAL,
    /**
     * Proximal step in the updater's diagonal metric: with Adam, the threshold of element i is {@code λ·s_i} with
     * {@code s_i = α_t/(√v_i + ε)}, the step size Adam itself gives that element (see {@link UpdaterMetric}), so
     * that a weight the data rarely moves is not shrunk by a tiny base learning rate only. This is the
     * preconditioned proximal step of the adaptive proximal gradient methods (ProxGen, Yun et al., NeurIPS 2021).
     * Under plain SGD it is exactly {@link #PROXIMAL}. The regularizer finds Adam's state through its parameter's
     * network, which {@link UpdaterMetric#bind} registers ({@code Trainer} does; with DL4J's {@code fit}, its
     * early-stopping trainers or a {@code ComputationGraph}, call it after {@code init()}); a step on a network never
     * bound fails with a message saying so.
     */
    PROXIMAL_ADAPTIVE;

    /**
     * Returns whether the step is taken after the updater (a proximal step, exact zeros).
     *
     * @return true for {@link #PROXIMAL} and {@link #PROXIMAL_ADAPTIVE}
     */
    public boolean proximal() {
        return this != GRADIENT;
    }

    /**
     * Returns the step two on/off settings describe (the JSON form and the command-line switches).
     *
     * @param proximal whether the step is proximal
     * @param adaptive whether a proximal step follows the updater's metric (ignored when not proximal)
     * @return the step
     */
    public static Step of(boolean proximal, boolean adaptive) {
        return !proximal ? GRADIENT : adaptive ? PROXIMAL_ADAPTIVE : PROXIMAL;
    }
}
