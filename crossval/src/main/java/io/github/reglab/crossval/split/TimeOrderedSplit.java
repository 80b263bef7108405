package io.github.reglab.crossval.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Forward-chaining split for data ordered in time (scikit-learn's {@code TimeSeriesSplit}): the examples, sorted
 * by time (ties keep their order), are cut into k + 1 contiguous blocks; fold i trains on blocks 0..i and
 * validates on block i + 1. A model is never validated on examples older than any it trained on. Every example
 * except those of the first block is validated exactly once; the first block is only trained on. The seed is not
 * used.
 */
public final class TimeOrderedSplit implements Splitter {

    private final int k;

    /**
     * Creates the splitter.
     *
     * @param k the number of folds, &ge; 2
     */
    public TimeOrderedSplit(int k) {
        this.k = Splitter.checkFolds(k);
    }

    @Override
    public List<Fold> split(Samples samples, long seed) {
        if (samples.time() == null) {
            throw new IllegalArgumentException("time must be given for a time-ordered split (Samples.time); the data "
                    + "has none");
        }
        int n = samples.size();
        if (n < k + 1) {
            throw new IllegalArgumentException("cannot cut " + n + " examples into " + (k + 1) + " time blocks for "
                    + k + " folds: folds must be <= " + (n - 1));
        }
        double[] time = samples.time();
        // a stable sort: ties keep their order
        int[] byTime = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> time[i]))
                .mapToInt(Integer::intValue).toArray();
        int[] bounds = new int[k + 2];
        for (int b = 0; b <= k + 1; b++) {
            bounds[b] = (int) ((long) n * b / (k + 1));
        }
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int[] train = Arrays.copyOfRange(byTime, 0, bounds[f + 1]);
            int[] validation = Arrays.copyOfRange(byTime, bounds[f + 1], bounds[f + 2]);
            folds.add(new Fold(0, f, Indices.sorted(train), Indices.sorted(validation)));
        }
        return folds;
    }

    @Override
    public int folds() {
        return k;
    }

    @Override
    public String describe() {
        return "time-ordered " + k + "-fold (forward chaining)";
    }
}
