/**
 * Credit-card fraud detection on heavily imbalanced data: {@link io.github.reglab.fraud.FraudApp} ({@code train},
 * {@code score}, {@code generate}), the network built from options ({@link io.github.reglab.fraud.FraudNetSpec}),
 * the single-file model ({@link io.github.reglab.fraud.FraudModel}) and the report of a training run
 * ({@link io.github.reglab.fraud.FraudReport}).
 */
package io.github.reglab.fraud;
