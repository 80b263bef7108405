package io.github.reglab.crossval.split;

import java.util.Objects;

/**
 * What a splitter may look at: the class label of every example and, for time-ordered splits, its time.
 *
 * @param labels class label per example, each &ge; 0
 * @param time time per example, or null when the data has none
 */
public record Samples(int[] labels, double[] time) {

    /**
     * Checks the sizes.
     *
     * @param labels class label per example, each &ge; 0
     * @param time time per example, or null when the data has none
     */
    public Samples {
        Objects.requireNonNull(labels, "labels");
        if (time != null && time.length != labels.length) {
            throw new IllegalArgumentException(time.length + " time values for " + labels.length + " examples");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label of example " + i + " is " + labels[i] + "; labels must be "
                        + ">= 0");
            }
        }
    }

    /**
     * Returns samples without time.
     *
     * @param labels class label per example
     * @return samples without time
     */
    public static Samples of(int[] labels) {
        return new Samples(labels, null);
    }

    /**
     * Returns the number of examples.
     *
     * @return the number of examples
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the number of examples per class, indexed by label.
     *
     * @return the number of examples per class, indexed by label
     */
    public int[] classCounts() {
        int max = 0;
        for (int y : labels) {
            max = Math.max(max, y);
        }
        int[] counts = new int[max + 1];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }
}
