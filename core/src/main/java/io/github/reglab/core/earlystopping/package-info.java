/**
 * Early stopping with exactly Keras's {@code EarlyStopping} semantics ({@link
 * io.github.reglab.core.earlystopping.EarlyStopping}), configured by an immutable, validated {@link
 * io.github.reglab.core.earlystopping.EarlyStoppingSpec}. Pure logic with no DL4J dependency: the trainer feeds it
 * one metric value per epoch and asks whether to stop and which epoch was best.
 */
package io.github.reglab.core.earlystopping;
