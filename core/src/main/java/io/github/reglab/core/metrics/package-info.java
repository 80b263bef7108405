/**
 * Measures of models and predictions: model complexity (weight norms, sparsity, zero groups, effective degrees of
 * freedom) and, for classifiers, ranking and threshold metrics for imbalanced binary problems and multiclass
 * summaries. Every formula is stated in the Javadoc of the method that computes it.
 */
package io.github.reglab.core.metrics;
