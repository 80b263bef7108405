package io.github.reglab.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    private static final double EPS = 1e-12;

    /**
     * Scores [0.9, 0.8, 0.8, 0.3], labels [1, 0, 1, 0]. Pairs (positive, negative): (0.9, 0.8) win, (0.9, 0.3) win,
     * (0.8, 0.8) tie = ½, (0.8, 0.3) win: AUC = 3.5 / 4 = 0.875. Thresholds 0.9 → TP 1 FP 0 (P 1, R ½); 0.8 →
     * TP 2 FP 1 (P ⅔, R 1); AP = ½·1 + ½·⅔ = ⅚. Trapezoid over (R, P) = (1, ⅔), (½, 1), (0, 1):
     * ½·(⅔+1)/2 + ½·1 = 5/12 + ½ = 11/12.
     */
    @Test
    void handWorkedCaseWithTies() {
        BinaryMetrics m = new BinaryMetrics(new double[] {0.9, 0.8, 0.8, 0.3}, new int[] {1, 0, 1, 0});
        assertEquals(0.875, m.aucRoc(), EPS);
        assertEquals(5.0 / 6, m.averagePrecision(), EPS);
        assertEquals(11.0 / 12, m.auprcTrapezoid(), EPS);
        ThresholdMetrics t = m.atThreshold(0.8);
        assertEquals(2, t.truePositives());
        assertEquals(1, t.falsePositives());
        assertEquals(2.0 / 3, t.precision(), EPS);
        assertEquals(1.0, t.recall(), EPS);
        assertEquals(0.8, t.f1(), EPS);
        // MCC = (2·1 − 1·0) / √(3·2·2·1) = 2/√12
        assertEquals(2 / Math.sqrt(12), t.mcc(), EPS);
        assertEquals(0.8, m.maxF1().threshold(), 0);
        assertEquals(0.9, m.forRecall(0.5).threshold(), 0);
        assertEquals(0.9, m.forPrecision(1.0).orElseThrow().threshold(), 0);
        assertArrayEquals(new double[] {0, 0, 0.5, 1}, m.rocCurve()[0], EPS);
        assertArrayEquals(new double[] {0, 0.5, 1, 1}, m.rocCurve()[1], EPS);
    }

    /** A perfect ranking scores 1 everywhere; the inverted ranking has AUC 0. */
    @Test
    void perfectAndInvertedRankings() {
        BinaryMetrics perfect = new BinaryMetrics(new double[] {0.9, 0.7, 0.2, 0.1}, new int[] {1, 1, 0, 0});
        assertEquals(1.0, perfect.aucRoc(), EPS);
        assertEquals(1.0, perfect.averagePrecision(), EPS);
        assertEquals(1.0, perfect.auprcTrapezoid(), EPS);
        assertEquals(1.0, perfect.maxF1().f1(), EPS);
        BinaryMetrics inverted = new BinaryMetrics(new double[] {0.1, 0.2, 0.7, 0.9}, new int[] {1, 1, 0, 0});
        assertEquals(0.0, inverted.aucRoc(), EPS);
        // all tied: AUC ½, AP = positive rate
        BinaryMetrics tied = new BinaryMetrics(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {1, 0, 0, 0});
        assertEquals(0.5, tied.aucRoc(), EPS);
        assertEquals(0.25, tied.averagePrecision(), EPS);
    }

    @Test
    void singleClassAndBadInputAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BinaryMetrics(new double[] {0.1, 0.2}, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("need both classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BinaryMetrics(new double[] {0.1}, new int[] {2}));
        assertThrows(IllegalArgumentException.class,
                () -> new BinaryMetrics(new double[] {Double.NaN, 1}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new BinaryMetrics(new double[] {1}, new int[] {0, 1}));
    }

    /**
     * Golden values from scikit-learn 1.2.1 ({@code src/test/resources/golden/make_metrics_golden.py}) on four
     * seeded cases with tied scores and 2–30 % positives. Tolerance 1e-12: the same sums in a different order.
     */
    @Test
    void matchesScikitLearn() throws IOException {
        List<String> cases = lines("binary_cases.csv");
        List<String> golden = lines("binary_golden.csv");
        for (String g : golden) {
            String[] f = g.split(",");
            int id = Integer.parseInt(f[0]);
            List<Double> s = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (String c : cases) {
                String[] p = c.split(",");
                if (Integer.parseInt(p[0]) == id) {
                    s.add(Double.parseDouble(p[1]));
                    y.add(Integer.parseInt(p[2]));
                }
            }
            double[] scores = s.stream().mapToDouble(Double::doubleValue).toArray();
            int[] labels = y.stream().mapToInt(Integer::intValue).toArray();
            BinaryMetrics m = new BinaryMetrics(scores, labels);
            ThresholdMetrics t = m.atThreshold(0.5);
            String what = "case " + id;
            assertEquals(Double.parseDouble(f[1]), m.aucRoc(), EPS, what + " auc");
            assertEquals(Double.parseDouble(f[2]), m.averagePrecision(), EPS, what + " ap");
            assertEquals(Double.parseDouble(f[3]), m.auprcTrapezoid(), EPS, what + " trapezoid");
            assertEquals(Double.parseDouble(f[4]), t.precision(), EPS, what + " precision");
            assertEquals(Double.parseDouble(f[5]), t.recall(), EPS, what + " recall");
            assertEquals(Double.parseDouble(f[6]), t.f1(), EPS, what + " f1");
            assertEquals(Double.parseDouble(f[7]), t.mcc(), EPS, what + " mcc");
            double[] w = ClassWeights.balanced(labels, 2);
            assertEquals(Double.parseDouble(f[8]), w[0], EPS, what + " weight 0");
            assertEquals(Double.parseDouble(f[9]), w[1], EPS, what + " weight 1");
        }
    }

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = BinaryMetricsTest.class.getResourceAsStream("/golden/" + name)) {
            List<String> all = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return all.subList(1, all.size());
        }
    }

    /**
     * The primitive merge sort orders like Java's stable sort of boxed indices by descending score, on sizes that
     * are and are not powers of two, with many ties (scores rounded to 1/8) and signed zeros.
     */
    @Test
    void descendingOrderIsTheStableSortByScore() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int n : new int[] {0, 1, 2, 7, 64, 1000, 4097}) {
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = i % 5 == 0 ? (i % 2 == 0 ? 0.0 : -0.0) : Math.round(r.nextDouble() * 8) / 8.0;
            }
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            java.util.Arrays.sort(boxed, (a, b) -> Double.compare(s[b], s[a]));
            int[] expected = java.util.Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, BinaryMetrics.descendingOrder(s), "n = " + n);
        }
    }
}
