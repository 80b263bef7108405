/**
 * Search over regularization settings: a {@link io.github.reglab.crossval.search.ParamSpace} gives the
 * configurations (grid or random), {@link io.github.reglab.crossval.search.CrossValidation} runs every
 * (configuration, fold) pair as a {@link io.github.reglab.crossval.search.Task} through a
 * {@link io.github.reglab.crossval.search.TaskExecutor} (a local worker pool or Apache Spark) and summarizes
 * them; {@link io.github.reglab.crossval.search.NestedCrossValidation} wraps it for an honest outer estimate.
 */
package io.github.reglab.crossval.search;
