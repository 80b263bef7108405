/**
 * Training a DL4J network with early stopping, history and checkpoints: {@link io.github.reglab.core.train.Trainer}
 * runs the epochs and returns a {@link io.github.reglab.core.train.TrainingResult}; the training data loss and the
 * regularization penalty are recorded separately, validation metrics are always penalty-free ({@link
 * io.github.reglab.core.train.ValidationMetrics}), {@link io.github.reglab.core.train.Checkpoints} writes atomic
 * checkpoints that {@code --resume} continues from, and {@link io.github.reglab.core.train.LearningRateSpec} turns a
 * configured schedule (the tutorial's inverse-time decay among them) into ND4J's; {@link
 * io.github.reglab.core.train.CosineSchedule} is the cosine annealing ND4J lacks.
 */
package io.github.reglab.core.train;
