/**
 * Cross-validation of the fraud network: {@link io.github.reglab.crossval.fraud.FraudFoldEvaluator} trains the
 * fraud application's network on one fold, with the standardization fitted on that fold's training rows only.
 */
package io.github.reglab.crossval.fraud;
