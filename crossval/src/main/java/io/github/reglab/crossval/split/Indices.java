package io.github.reglab.crossval.split;

import java.util.Arrays;
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
     * @param foldOf the fold of every example, -1 for examples never validated
     * @param fold a fold number
     * @param repetition the repetition
     * @return the fold: validation = examples in that fold, train = all others with a fold or trainOnly
     */
    static Fold fold(int[] foldOf, int fold, int repetition) {
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
