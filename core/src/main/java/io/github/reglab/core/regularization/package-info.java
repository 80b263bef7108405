/**
 * Regularizers a DL4J user drops into any layer: {@link io.github.reglab.core.regularization.ElasticNet} (L1, L2
 * and their mix, by subgradient or by proximal step with exact zeros), {@link
 * io.github.reglab.core.regularization.DecoupledWeightDecay}, {@link io.github.reglab.core.regularization.GroupLasso}
 * (input features, output neurons or convolution filters as groups) and {@link
 * io.github.reglab.core.regularization.WeightedSum} of any of them. All implement ND4J's {@code Regularization},
 * round-trip through DL4J's JSON and {@code ModelSerializer}, and are attached at layer level by {@link
 * io.github.reglab.core.regularization.LayerRegularization} (DL4J M2.1 applies global regularization twice). {@link
 * io.github.reglab.core.regularization.Regularizers} has the factory methods and the table that maps each
 * strength to Keras, PyTorch and scikit-learn.
 */
package io.github.reglab.core.regularization;
