package io.github.reglab.crossval.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Index helpers shared by the splitters. */
final class Indices {

    private Indices() {
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Fisher–Yates shuffle in place. */
    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Returns the k folds.
     *
     * @param foldOf the fold of every example, in [0, k)
     * @param k the number of folds
     * @param repetition the repetition
     * @return the k folds: fold f validates the examples assigned to f and trains on all others
     */
    static List<Fold> folds(int[] foldOf, int k, int repetition) {
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            folds.add(fold(foldOf, f, repetition));
        }
        return folds;
    }

    private static Fold fold(int[] foldOf, int fold, int repetition) {
        int nv = 0;
        for (int f : foldOf) {
            if (f == fold) {
                nv++;
            }
        }
        int[] validation = new int[nv];
        int[] train = new int[foldOf.length - nv];
        int vi = 0;
        int ti = 0;
        for (int i = 0; i < foldOf.length; i++) {
            if (foldOf[i] == fold) {
                validation[vi++] = i;
            } else {
                train[ti++] = i;
            }
        }
        return new Fold(repetition, fold, train, validation);
    }

    static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
