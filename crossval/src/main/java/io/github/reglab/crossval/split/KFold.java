package io.github.reglab.crossval.split;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Plain k-fold: the examples, shuffled with the seed (or in their order), cut into k parts whose sizes differ by at
 * most one (scikit-learn's {@code KFold}). Each part is validated once.
 */
public final class KFold implements Splitter {

    private final int k;
    private final boolean shuffle;

    /**
     * Creates the splitter.
     *
     * @param k the number of folds, &ge; 2
     * @param shuffle whether to shuffle before cutting (else contiguous parts in the given order)
     */
    public KFold(int k, boolean shuffle) {
        this.k = Splitter.checkFolds(k);
        this.shuffle = shuffle;
    }

    @Override
    public List<Fold> split(Samples samples, long seed) {
        int n = samples.size();
        if (n < k) {
            throw new IllegalArgumentException("cannot split " + n + " examples into " + k + " parts: folds must be <= "
                    + n);
        }
        int[] order = Indices.range(n);
        if (shuffle) {
            Indices.shuffle(order, new SplittableRandom(seed));
        }
        int[] foldOf = new int[n];
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            for (int i = start; i < start + size; i++) {
                foldOf[order[i]] = f;
            }
            start += size;
        }
        return Indices.folds(foldOf, k, 0);
    }

    @Override
    public int folds() {
        return k;
    }

    @Override
    public String describe() {
        return k + "-fold" + (shuffle ? " (shuffled)" : " (in order)");
    }
}
