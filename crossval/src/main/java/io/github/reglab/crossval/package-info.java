/**
 * Leak-free cross-validation and search over regularization settings for DL4J networks.
 *
 * <ul>
 *   <li>{@code split}: seeded fold splitters (k-fold, stratified, repeated stratified, time-ordered).</li>
 *   <li>{@code search}: parameter spaces (grid and random), the search with median pruning and nested
 *       cross-validation, and where the (configuration, fold) tasks run: a local worker pool or Apache Spark.</li>
 *   <li>{@code fraud}: the fold evaluator for the fraud network (normalizer fitted per fold).</li>
 *   <li>{@code app}: the {@code ./suite crossval} command and its report.</li>
 * </ul>
 */
package io.github.reglab.crossval;
