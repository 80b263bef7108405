package io.github.reglab.core.regularization;

import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Factory methods for every regularizer of this package, and how their strengths translate between libraries.
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
     * @param lambda strength, &ge; 0
     * @return {@code λ·‖w‖₁}, subgradient {@code λ·sign(w)} before the updater
     */
    public static ElasticNet l1(double lambda) {
        return new ElasticNet(lambda, 1, false);
    }

    /**
     * @param lambda strength, &ge; 0
     * @return {@code λ·‖w‖₁} applied by soft-thresholding after the updater (exact zeros)
     */
    public static ElasticNet proximalL1(double lambda) {
        return new ElasticNet(lambda, 1, true);
    }

    /**
     * @param lambda strength on DL4J's scale, &ge; 0
     * @return {@code 0.5·λ·‖w‖²}, gradient {@code λ·w} before the updater
     */
    public static ElasticNet l2(double lambda) {
        return new ElasticNet(lambda, 0, false);
    }

    /**
     * @param lambda decay rate, &ge; 0
     * @return decoupled weight decay (AdamW-style)
     */
    public static DecoupledWeightDecay weightDecay(double lambda) {
        return new DecoupledWeightDecay(lambda);
    }

    /**
     * @param alpha overall strength, &ge; 0
     * @param l1Ratio share of L1 in [0, 1]
     * @return scikit-learn's elastic-net penalty, by subgradient
     */
    public static ElasticNet elasticNet(double alpha, double l1Ratio) {
        return new ElasticNet(alpha, l1Ratio, false);
    }

    /**
     * @param alpha overall strength, &ge; 0
     * @param l1Ratio share of L1 in [0, 1]
     * @return scikit-learn's elastic-net penalty, by proximal step (exact zeros)
     */
    public static ElasticNet proximalElasticNet(double alpha, double l1Ratio) {
        return new ElasticNet(alpha, l1Ratio, true);
    }

    /**
     * @param lambda strength, &ge; 0
     * @param nIn the dense layer's inputs
     * @param nOut the dense layer's outputs
     * @param proximal true for exact zero rows
     * @return group lasso over input features (rows of {@code W[nIn, nOut]})
     */
    public static GroupLasso inputGroupLasso(double lambda, long nIn, long nOut, boolean proximal) {
        return GroupLasso.dense(lambda, nIn, nOut, GroupLasso.Groups.INPUT_FEATURES, proximal);
    }

    /**
     * @param lambda strength, &ge; 0
     * @param nIn the dense layer's inputs
     * @param nOut the dense layer's outputs
     * @param proximal true for exact zero columns
     * @return group lasso over output neurons (columns of {@code W[nIn, nOut]})
     */
    public static GroupLasso neuronGroupLasso(double lambda, long nIn, long nOut, boolean proximal) {
        return GroupLasso.dense(lambda, nIn, nOut, GroupLasso.Groups.OUTPUT_NEURONS, proximal);
    }

    /**
     * @param weight the first term's weight
     * @param term the first term
     * @return a weighted sum to extend with {@link WeightedSum#plus(double, Regularization)}
     */
    public static WeightedSum weighted(double weight, Regularization term) {
        return WeightedSum.of(weight, term);
    }
}
