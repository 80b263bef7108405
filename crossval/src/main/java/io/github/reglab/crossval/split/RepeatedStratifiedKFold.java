package io.github.reglab.crossval.split;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stratified k-fold repeated with a fresh shuffle each time: {@code repeats × k} folds; within each repetition
 * every example is validated once.
 */
public final class RepeatedStratifiedKFold implements Splitter {

    private final StratifiedKFold inner;
    private final int repeats;

    /**
     * Creates the splitter.
     *
     * @param k the number of folds per repetition, &ge; 2
     * @param repeats the number of repetitions, &ge; 1
     */
    public RepeatedStratifiedKFold(int k, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, found " + repeats);
        }
        this.inner = new StratifiedKFold(k);
        this.repeats = repeats;
    }

    @Override
    public List<Fold> split(Samples samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Fold> folds = new ArrayList<>(repeats * inner.folds());
        for (int r = 0; r < repeats; r++) {
            folds.addAll(inner.split(samples, random.split(), r));
        }
        return folds;
    }

    @Override
    public int folds() {
        return inner.folds();
    }

    /**
     * Returns the number of repetitions.
     *
     * @return the number of repetitions
     */
    public int repeats() {
        return repeats;
    }

    @Override
    public String describe() {
        return inner.describe() + " × " + repeats + " repetitions";
    }
}
