/**
 * A compiled training step for a {@code MultiLayerNetwork}: forward pass, loss, backward pass, regularization and
 * update of one minibatch, with every array preallocated and every ND4J operation writing into a given output,
 * instead of DL4J's layer-by-layer execution (workspaces, defensive copies, a forward pass repeated inside the
 * backward pass, per-call validation). The network keeps its own parameters, gradients and DL4J updater, so
 * regularizers, learning-rate schedules, checkpoints and the updater state behave exactly as under
 * {@code MultiLayerNetwork.fit}. {@link io.github.reglab.core.step.CompiledStep} is the entry point; the rest of the
 * package is its implementation.
 */
package io.github.reglab.core.step;
