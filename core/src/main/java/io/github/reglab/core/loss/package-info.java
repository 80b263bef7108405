/**
 * Loss functions DL4J lacks, as DL4J {@code ILossFunction}s usable in any output layer:
 * {@link io.github.reglab.core.loss.LabelSmoothedCrossEntropy}.
 */
package io.github.reglab.core.loss;
