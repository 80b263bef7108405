package io.github.reglab.crossval.split;

import java.util.List;

/**
 * Splits examples into folds. Implementations are deterministic for a given seed, validate every example at most
 * once per repetition, and never put an index in both parts of a fold.
 */
public interface Splitter {

    /**
     * Returns the folds, repetition by repetition.
     *
     * @param samples the examples' labels (and time)
     * @param seed the shuffling seed
     * @return the folds, repetition by repetition
     * @throws IllegalArgumentException when the examples cannot be split this way (with the reason and a remedy)
     */
    List<Fold> split(Samples samples, long seed);

    /**
     * Returns the number of folds per repetition.
     *
     * @return the number of folds per repetition
     */
    int folds();

    /**
     * Returns a one-line description.
     *
     * @return a one-line description, e.g. {@code stratified 5-fold}
     */
    String describe();

    /**
     * Checks k.
     *
     * @param k the number of folds
     * @return k
     */
    static int checkFolds(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("folds must be >= 2, found " + k);
        }
        return k;
    }
}
