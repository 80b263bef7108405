/**
 * Seeded splitters that turn labelled examples into folds of training and validation indices. DL4J's
 * {@code KFoldIterator} takes contiguous, unshuffled, unstratified folds; these shuffle with a seed, stratify by
 * class and repeat.
 */
package io.github.reglab.crossval.split;
