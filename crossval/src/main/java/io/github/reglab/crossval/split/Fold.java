package io.github.reglab.crossval.split;

import java.io.Serializable;

/**
 * One fold: the indices a model trains on and the indices it is validated on (disjoint, each sorted ascending).
 *
 * @param repetition the repetition this fold belongs to (0 unless repeated)
 * @param index the fold's number within its repetition
 * @param train training indices
 * @param validation validation indices
 * @serial exclude
 */
public record Fold(int repetition, int index, int[] train, int[] validation) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Checks the indices.
     *
     * @param repetition the repetition this fold belongs to (0 unless repeated)
     * @param index the fold's number within its repetition
     * @param train training indices
     * @param validation validation indices
     */
    public Fold {
        if (train.length == 0 || validation.length == 0) {
            throw new IllegalArgumentException("fold " + index + " of repetition " + repetition + " has "
                    + train.length + " training and " + validation.length + " validation examples; both must be > 0");
        }
    }

    /**
     * Returns a short name such as {@code r0f3}.
     *
     * @return a short name such as {@code r0f3}
     */
    public String name() {
        return "r" + repetition + "f" + index;
    }
}
