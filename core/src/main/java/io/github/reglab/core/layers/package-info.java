/**
 * DL4J layers of this project. {@link io.github.reglab.core.layers.FusedBatchNormalization} is batch normalization
 * computed by libnd4j's fused custom ops: a drop-in replacement for DL4J's
 * {@link org.deeplearning4j.nn.conf.layers.BatchNormalization} with fewer native operations per step.
 */
package io.github.reglab.core.layers;
