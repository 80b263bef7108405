package io.github.reglab.core.regularization;

import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The one place to build this package's regularizers, and how their strengths translate between libraries.
 * Penalties with a non-smooth part take a {@link Step}: {@link Step#GRADIENT} (subgradient, the default where it
 * is optional) or {@link Step#PROXIMAL} (exact zeros). Attach them to layers with {@link LayerRegularization}.
 *
 * <pre>{@code
 * Regularization l2 = Regularizers.l2(1e-4);
 * Regularization selection = Regularizers.inputGroupLasso(0.05, 30, 64, Step.PROXIMAL);
 * Regularization mix = Regularizers.weighted(0.7, Regularizers.l1(1e-3)).plus(0.3, l2);
 * }</pre>
 *
 * <table>
 *   <caption>The same L2 penalty in four libraries (data loss as each library defines it)</caption>
 *   <tr><th>Library</th><th>Setting</th><th>Penalty added to the loss</th><th>Equivalent here</th></tr>
 *   <tr><td>this project / DL4J</td><td>{@code l2(λ)} / {@code L2Regularization(λ)}</td>
 *       <td>{@code 0.5·λ·‖w‖²} (gradient {@code λ·w})</td><td>λ</td></tr>
 *   <tr><td>Keras</td><td>{@code regularizers.l2(k)}</td><td>{@code k·‖w‖²} (gradient {@code 2k·w})</td>
 *       <td>λ = 2k</td></tr>
 *   <tr><td>PyTorch</td><td>{@code SGD(weight_decay=d)}</td><td>gradient {@code + d·w}</td><td>λ = d</td></tr>
 *   <tr><td>PyTorch</td><td>{@code AdamW(weight_decay=d)}</td><td>decoupled decay</td>
 *       <td>{@code weightDecay(d)}</td></tr>
 *   <tr><td>scikit-learn</td><td>{@code ElasticNet(alpha=a, l1_ratio=r)}, data loss {@code (1/2n)‖y − Xw‖²}</td>
 *       <td>{@code a·r·‖w‖₁ + 0.5·a·(1 − r)·‖w‖²}</td>
 *       <td>{@code elasticNet(a, r)} with a data loss on the same {@code 1/2n} scale; DL4J's MSE and L2 losses
 *       are {@code (1/n)‖y − ŷ‖²}, twice that, so use {@code elasticNet(2a, r)} to reach the same weights</td></tr>
 *   <tr><td>scikit-learn</td><td>{@code Ridge(alpha=a)}, data loss {@code ‖y − Xw‖²} (no 1/n)</td>
 *       <td>{@code a·‖w‖²}</td><td>with DL4J's MSE: λ = 2a/n</td></tr>
 *   <tr><td>Keras</td><td>{@code regularizers.l1(k)}</td><td>{@code k·‖w‖₁}</td><td>{@code l1(k)}</td></tr>
 * </table>
 */
public final class Regularizers {

    private Regularizers() {
    }

    /**
     * L1 by subgradient.
     *
     * @param lambda strength, finite and &ge; 0
     * @return {@code λ·‖w‖₁}, subgradient {@code λ·sign(w)} before the updater
     */
    public static ElasticNet l1(double lambda) {
        return l1(lambda, Step.GRADIENT);
    }

    /**
     * L1 applied as chosen.
     *
     * @param lambda strength, finite and &ge; 0
     * @param step {@link Step#PROXIMAL} for soft-thresholding after the updater (exact zeros)
     * @return {@code λ·‖w‖₁}
     */
    public static ElasticNet l1(double lambda, Step step) {
        return new ElasticNet(Strength.fixed("lambda", lambda), 1, step);
    }

    /**
     * L2 on DL4J's scale.
     *
     * @param lambda strength, finite and &ge; 0
     * @return {@code 0.5·λ·‖w‖²}, gradient {@code λ·w} before the updater
     */
    public static ElasticNet l2(double lambda) {
        return new ElasticNet(Strength.fixed("lambda", lambda), 0, Step.GRADIENT);
    }

    /**
     * Decoupled weight decay.
     *
     * @param lambda decay rate, finite and &ge; 0
     * @return decoupled weight decay (AdamW-style)
     */
    public static DecoupledWeightDecay weightDecay(double lambda) {
        return new DecoupledWeightDecay(lambda);
    }

    /**
     * scikit-learn's elastic net by subgradient.
     *
     * @param alpha overall strength, finite and &ge; 0
     * @param l1Ratio share of L1 in [0, 1]
     * @return {@code alpha·l1Ratio·‖w‖₁ + 0.5·alpha·(1 − l1Ratio)·‖w‖²}
     */
    public static ElasticNet elasticNet(double alpha, double l1Ratio) {
        return elasticNet(alpha, l1Ratio, Step.GRADIENT);
    }

    /**
     * scikit-learn's elastic net applied as chosen.
     *
     * @param alpha overall strength, finite and &ge; 0
     * @param l1Ratio share of L1 in [0, 1]
     * @param step {@link Step#PROXIMAL} for the proximal step after the updater (exact zeros)
     * @return {@code alpha·l1Ratio·‖w‖₁ + 0.5·alpha·(1 − l1Ratio)·‖w‖²}
     */
    public static ElasticNet elasticNet(double alpha, double l1Ratio, Step step) {
        return new ElasticNet(Strength.fixed("alpha", alpha), l1Ratio, step);
    }

    /**
     * Group lasso over the input features of a dense layer: feature selection.
     *
     * @param lambda strength, finite and &ge; 0
     * @param nIn the dense layer's inputs
     * @param nOut the dense layer's outputs
     * @param step {@link Step#PROXIMAL} for exact zero rows
     * @return group lasso over the rows of {@code W[nIn, nOut]}, {@code c_g = √nOut}
     */
    public static GroupLasso inputGroupLasso(double lambda, long nIn, long nOut, Step step) {
        return GroupLasso.dense(lambda, nIn, nOut, GroupLasso.Groups.INPUT_FEATURES, step);
    }

    /**
     * Group lasso over the output neurons of a dense layer: neuron pruning.
     *
     * @param lambda strength, finite and &ge; 0
     * @param nIn the dense layer's inputs
     * @param nOut the dense layer's outputs
     * @param step {@link Step#PROXIMAL} for exact zero columns
     * @return group lasso over the columns of {@code W[nIn, nOut]}, {@code c_g = √nIn}
     */
    public static GroupLasso neuronGroupLasso(double lambda, long nIn, long nOut, Step step) {
        return GroupLasso.dense(lambda, nIn, nOut, GroupLasso.Groups.OUTPUT_NEURONS, step);
    }

    /**
     * Group lasso over the filters of a 2-D convolution layer: filter pruning.
     *
     * @param lambda strength, finite and &ge; 0
     * @param nOut output channels (filters)
     * @param nIn input channels
     * @param kH kernel height
     * @param kW kernel width
     * @param step {@link Step#PROXIMAL} for exact zero filters
     * @return group lasso over {@code W[nOut, nIn, kH, kW]}'s filters, {@code c_g = √(nIn·kH·kW)}
     */
    public static GroupLasso filterGroupLasso(double lambda, long nOut, long nIn, long kH, long kW, Step step) {
        return GroupLasso.filters(lambda, nOut, nIn, kH, kW, step);
    }

    /**
     * Group lasso over the input features of the dense layer it is attached to with
     * {@link LayerRegularization#weights}, which gives it the layer's {@code nIn} and {@code nOut}.
     *
     * @param lambda strength, finite and &ge; 0
     * @param step {@link Step#PROXIMAL} for exact zero rows
     * @return group lasso over the rows of the layer's {@code W[nIn, nOut]}, {@code c_g = √nOut}
     */
    public static GroupLasso inputGroupLasso(double lambda, Step step) {
        return GroupLasso.unshaped(lambda, GroupLasso.Groups.INPUT_FEATURES, step);
    }

    /**
     * Group lasso over the output neurons of the dense layer it is attached to with
     * {@link LayerRegularization#weights}, which gives it the layer's {@code nIn} and {@code nOut}.
     *
     * @param lambda strength, finite and &ge; 0
     * @param step {@link Step#PROXIMAL} for exact zero columns
     * @return group lasso over the columns of the layer's {@code W[nIn, nOut]}, {@code c_g = √nIn}
     */
    public static GroupLasso neuronGroupLasso(double lambda, Step step) {
        return GroupLasso.unshaped(lambda, GroupLasso.Groups.OUTPUT_NEURONS, step);
    }

    /**
     * Group lasso over the filters of the convolution layer it is attached to with
     * {@link LayerRegularization#weights}, which gives it the layer's {@code nOut}, {@code nIn} and kernel size
     * ({@code nIn} must then be set on the builder: DL4J infers it only when the configuration is built).
     *
     * @param lambda strength, finite and &ge; 0
     * @param step {@link Step#PROXIMAL} for exact zero filters
     * @return group lasso over the layer's filters, {@code c_g = √(nIn·kH·kW)}
     */
    public static GroupLasso filterGroupLasso(double lambda, Step step) {
        return GroupLasso.unshaped(lambda, GroupLasso.Groups.FILTERS, step);
    }

    /**
     * Starts a weighted sum of subgradient regularizers.
     *
     * @param weight the first term's weight
     * @param term the first term
     * @return a weighted sum to extend with {@link WeightedSum#plus(double, Regularization)}
     */
    public static WeightedSum weighted(double weight, Regularization term) {
        return WeightedSum.of(weight, term);
    }
}
