package io.github.reglab.crossval.split;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Stratified k-fold: every class's examples, shuffled with the seed, are dealt round-robin over the folds, each
 * class starting where the previous one stopped. So every fold's count of every class differs by at most one from
 * any other fold's, and so do the fold sizes. Each example is validated once.
 */
public final class StratifiedKFold implements Splitter {

    private final int k;

    /**
     * Creates the splitter.
     *
     * @param k the number of folds, &ge; 2
     */
    public StratifiedKFold(int k) {
        this.k = Splitter.checkFolds(k);
    }

    @Override
    public List<Fold> split(Samples samples, long seed) {
        return split(samples, new SplittableRandom(seed), 0);
    }

    List<Fold> split(Samples samples, SplittableRandom random, int repetition) {
        int[] counts = samples.classCounts();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0 && counts[c] < k) {
                throw new IllegalArgumentException("class " + c + " has " + counts[c] + " example(s), fewer than the "
                        + k + " folds of stratified k-fold: folds must be <= " + counts[c] + " (or give more data)");
            }
        }
        int[] labels = samples.labels();
        int[] foldOf = new int[labels.length];
        int next = 0;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                continue;
            }
            int[] members = new int[counts[c]];
            int m = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members[m++] = i;
                }
            }
            Indices.shuffle(members, random);
            for (int member : members) {
                foldOf[member] = next;
                next = (next + 1) % k;
            }
        }
        return Indices.folds(foldOf, k, repetition);
    }

    @Override
    public int folds() {
        return k;
    }

    @Override
    public String describe() {
        return "stratified " + k + "-fold";
    }
}
