package io.github.reglab.crossval.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Invariants of every splitter over many sizes, class mixes, k and seeds (property-style: 300 random cases each).
 */
class SplitterTest {

    private static int[] randomLabels(Random r, int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            // skewed class sizes, like imbalanced data
            y[i] = r.nextDouble() < 0.15 ? 1 + r.nextInt(classes - 1) : 0;
        }
        return y;
    }

    /** Training and validation are disjoint, cover everything, are sorted; each example validated once. */
    private static void checkPartition(List<Fold> folds, int n, int k, int repeats) {
        assertEquals(k * repeats, folds.size());
        for (int rep = 0; rep < repeats; rep++) {
            int[] validatedTimes = new int[n];
            for (Fold f : folds.subList(rep * k, rep * k + k)) {
                assertEquals(rep, f.repetition());
                boolean[] inVal = new boolean[n];
                for (int i = 1; i < f.validation().length; i++) {
                    assertTrue(f.validation()[i - 1] < f.validation()[i], "validation sorted, no duplicates");
                }
                for (int i = 1; i < f.train().length; i++) {
                    assertTrue(f.train()[i - 1] < f.train()[i], "train sorted, no duplicates");
                }
                for (int v : f.validation()) {
                    inVal[v] = true;
                    validatedTimes[v]++;
                }
                for (int t : f.train()) {
                    assertFalse(inVal[t], "index " + t + " in both parts of " + f.name());
                }
                assertEquals(n, f.train().length + f.validation().length, "parts cover all examples");
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1, validatedTimes[i], "example " + i + " validated once in repetition " + rep);
            }
        }
    }

    @Test
    void kFoldPartitionsAndBalancesSizes() {
        Random r = new Random(1);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + r.nextInt(300);
            int k = 2 + r.nextInt(Math.min(9, n - 1));
            boolean shuffle = r.nextBoolean();
            List<Fold> folds = new KFold(k, shuffle).split(Samples.of(new int[n]), r.nextLong());
            checkPartition(folds, n, k, 1);
            int min = folds.stream().mapToInt(f -> f.validation().length).min().orElseThrow();
            int max = folds.stream().mapToInt(f -> f.validation().length).max().orElseThrow();
            assertTrue(max - min <= 1, "fold sizes differ by at most one");
        }
        // unshuffled: contiguous parts in order
        List<Fold> inOrder = new KFold(3, false).split(Samples.of(new int[7]), 5);
        assertArrayEquals(new int[] {0, 1, 2}, inOrder.get(0).validation());
        assertArrayEquals(new int[] {5, 6}, inOrder.get(2).validation());
    }

    @Test
    void stratifiedKFoldKeepsEveryClassBalancedAcrossFolds() {
        Random r = new Random(2);
        for (int trial = 0; trial < 300; trial++) {
            int classes = 2 + r.nextInt(3);
            int n = 60 + r.nextInt(400);
            int[] y = randomLabels(r, n, classes);
            int[] counts = Samples.of(y).classCounts();
            int smallest = java.util.Arrays.stream(counts).filter(c -> c > 0).min().orElseThrow();
            if (smallest < 2) {
                continue;
            }
            int k = 2 + r.nextInt(Math.min(8, smallest - 1));
            int repeats = 1 + r.nextInt(3);
            Splitter s = repeats == 1 ? new StratifiedKFold(k) : new RepeatedStratifiedKFold(k, repeats);
            List<Fold> folds = s.split(Samples.of(y), r.nextLong());
            checkPartition(folds, n, k, repeats);
            for (int c = 0; c < counts.length; c++) {
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (Fold f : folds) {
                    int inFold = 0;
                    for (int v : f.validation()) {
                        inFold += y[v] == c ? 1 : 0;
                    }
                    min = Math.min(min, inFold);
                    max = Math.max(max, inFold);
                }
                assertTrue(max - min <= 1, "class " + c + " counts per fold differ by " + (max - min));
            }
            int minSize = folds.stream().mapToInt(f -> f.validation().length).min().orElseThrow();
            int maxSize = folds.stream().mapToInt(f -> f.validation().length).max().orElseThrow();
            assertTrue(maxSize - minSize <= 1, "fold sizes differ by at most one");
        }
    }

    @Test
    void sameSeedSameFoldsAndAnotherSeedOthers() {
        int[] y = randomLabels(new Random(3), 500, 2);
        List<Fold> a = new StratifiedKFold(5).split(Samples.of(y), 42);
        List<Fold> b = new StratifiedKFold(5).split(Samples.of(y), 42);
        List<Fold> c = new StratifiedKFold(5).split(Samples.of(y), 43);
        for (int f = 0; f < 5; f++) {
            assertArrayEquals(a.get(f).validation(), b.get(f).validation());
        }
        assertFalse(java.util.Arrays.equals(a.get(0).validation(), c.get(0).validation()));
        // repetitions reshuffle
        List<Fold> rep = new RepeatedStratifiedKFold(5, 2).split(Samples.of(y), 42);
        assertFalse(java.util.Arrays.equals(rep.get(0).validation(), rep.get(5).validation()));
    }

    @Test
    void tooSmallClassOrTooFewFoldsIsAClearError() {
        int[] y = new int[50];
        y[3] = 1;
        y[9] = 1;
        y[20] = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StratifiedKFold(5).split(Samples.of(y), 1));
        assertTrue(e.getMessage().contains("class 1 has 3 example(s), fewer than the 5 folds"), e.getMessage());
        assertTrue(e.getMessage().contains("folds must be <= 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StratifiedKFold(1));
        assertThrows(IllegalArgumentException.class, () -> new KFold(0, true));
        assertThrows(IllegalArgumentException.class, () -> new RepeatedStratifiedKFold(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new KFold(5, true).split(Samples.of(new int[4]), 1));
    }

    @Test
    void timeOrderedSplitNeverValidatesOnThePast() {
        Random r = new Random(4);
        for (int trial = 0; trial < 300; trial++) {
            int n = 10 + r.nextInt(300);
            int k = 2 + r.nextInt(Math.min(6, n - 2));
            double[] time = new double[n];
            for (int i = 0; i < n; i++) {
                time[i] = r.nextInt(n / 2 + 1);
            }
            List<Fold> folds = new TimeOrderedSplit(k).split(new Samples(new int[n], time), 0);
            assertEquals(k, folds.size());
            int[] validated = new int[n];
            int previousTrain = 0;
            for (Fold f : folds) {
                double latestTrain = java.util.Arrays.stream(f.train()).mapToDouble(i -> time[i]).max().orElseThrow();
                double earliestVal = java.util.Arrays.stream(f.validation()).mapToDouble(i -> time[i]).min()
                        .orElseThrow();
                assertTrue(latestTrain <= earliestVal, "trains on the past only");
                assertTrue(f.train().length > previousTrain, "the training window grows");
                previousTrain = f.train().length;
                for (int v : f.validation()) {
                    validated[v]++;
                }
            }
            long once = java.util.Arrays.stream(validated).filter(c -> c == 1).count();
            long never = java.util.Arrays.stream(validated).filter(c -> c == 0).count();
            assertEquals(n, once + never, "nobody validated twice");
            assertEquals(n / (k + 1), never, "only the first block is never validated");
        }
        assertThrows(IllegalArgumentException.class, () -> new TimeOrderedSplit(3).split(Samples.of(new int[20]), 0));
    }
}
