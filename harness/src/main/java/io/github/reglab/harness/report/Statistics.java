package io.github.reglab.harness.report;

import java.util.Arrays;

/**
 * Summary statistics for the tables the applications and benchmarks print.
 */
public final class Statistics {

    private Statistics() {
    }

    /**
     * @param values the sample, in any order; not modified
     * @return its median: the middle value of an odd count, the mean of the two middle values of an even one, NaN
     *     for an empty sample
     */
    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
