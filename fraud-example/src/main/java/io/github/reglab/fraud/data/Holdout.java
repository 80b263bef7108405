package io.github.reglab.fraud.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Train / validation / test splits of a labelled table, by row index.
 *
 * @param train training rows
 * @param validation validation rows
 * @param test test rows
 */
public record Holdout(int[] train, int[] validation, int[] test) {

    /**
     * Stratified split: each class is shuffled (seeded) and cut in the given proportions, so every part has the
     * same class ratio up to rounding. Indices are returned in ascending order.
     *
     * @param labels the 0/1 labels
     * @param trainFraction share for training, in (0, 1)
     * @param validationFraction share for validation, in (0, 1); the rest is the test part
     * @param seed the shuffle seed
     * @return the split
     * @throws IllegalArgumentException when a part would lack a class
     */
    public static Holdout stratified(int[] labels, double trainFraction, double validationFraction, long seed) {
        checkFractions(trainFraction, validationFraction);
        Random rng = new Random(seed);
        List<Integer> tr = new ArrayList<>();
        List<Integer> va = new ArrayList<>();
        List<Integer> te = new ArrayList<>();
        for (int c = 0; c <= 1; c++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    idx.add(i);
                }
            }
            Collections.shuffle(idx, rng);
            int nTrain = (int) Math.round(idx.size() * trainFraction);
            int nVal = (int) Math.round(idx.size() * validationFraction);
            nVal = Math.min(nVal, idx.size() - nTrain);
            tr.addAll(idx.subList(0, nTrain));
            va.addAll(idx.subList(nTrain, nTrain + nVal));
            te.addAll(idx.subList(nTrain + nVal, idx.size()));
        }
        Holdout h = new Holdout(sorted(tr), sorted(va), sorted(te));
        h.checkBothClasses(labels, "stratified");
        return h;
    }

    /**
     * Time-ordered split: the earliest rows train, the next validate, the latest test (ties keep file order), as a
     * deployed model meets the future.
     *
     * @param labels the 0/1 labels
     * @param time the time of every row
     * @param trainFraction share for training
     * @param validationFraction share for validation
     * @return the split
     * @throws IllegalArgumentException when a part would lack a class
     */
    public static Holdout timeOrdered(int[] labels, double[] time, double trainFraction, double validationFraction) {
        checkFractions(trainFraction, validationFraction);
        if (time == null) {
            throw new IllegalArgumentException("a time-ordered split needs a time column (--time-column), and the "
                    + "data has none");
        }
        Integer[] order = new Integer[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> time[i]));
        int nTrain = (int) Math.round(labels.length * trainFraction);
        int nVal = (int) Math.round(labels.length * validationFraction);
        int[] all = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        Holdout h = new Holdout(Arrays.copyOfRange(all, 0, nTrain), Arrays.copyOfRange(all, nTrain, nTrain + nVal),
                Arrays.copyOfRange(all, nTrain + nVal, all.length));
        h.checkBothClasses(labels, "time-ordered");
        return h;
    }

    private void checkBothClasses(int[] labels, String kind) {
        check(labels, train, kind, "training");
        check(labels, validation, kind, "validation");
        check(labels, test, kind, "test");
    }

    private static void check(int[] labels, int[] part, String kind, String name) {
        int pos = 0;
        for (int i : part) {
            pos += labels[i];
        }
        if (part.length == 0 || pos == 0 || pos == part.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the %s split's %s part has %d rows and %d positives: it needs both classes (use more data, "
                            + "a higher fraud rate, or other split fractions)", kind, name, part.length, pos));
        }
    }

    private static void checkFractions(double train, double validation) {
        if (!(train > 0 && train < 1) || !(validation > 0 && validation < 1) || !(train + validation < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "split fractions must be in (0, 1) with train + validation < 1, found train %s, validation %s",
                    train, validation));
        }
    }

    private static int[] sorted(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
