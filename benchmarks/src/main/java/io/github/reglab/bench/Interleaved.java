package io.github.reglab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.reglab.harness.report.Statistics;

/**
 * Runs variants in interleaved rounds (A B C, A B C, …) after warm-up rounds, and summarizes each by the median of
 * its samples and by the median, over rounds, of its ratio to the reference variant in the same round.
 */
final class Interleaved {

    /** One thing to time. */
    interface Variant {
        /**
         * @return the variant's name
         */
        String name();

        /**
         * Runs one sample.
         *
         * @return seconds per unit of work (e.g. per training step)
         */
        double sample();
    }

    /**
     * One variant's summary.
     *
     * @param name the variant
     * @param medianSeconds median seconds per unit
     * @param medianRatio median over rounds of this variant's time over the reference's
     * @param minRatio smallest round ratio
     * @param maxRatio largest round ratio
     */
    record Summary(String name, double medianSeconds, double medianRatio, double minRatio, double maxRatio) {
    }

    private Interleaved() {
    }

    static List<Summary> run(List<Variant> variants, int warmupRounds, int rounds) {
        for (int w = 0; w < warmupRounds; w++) {
            for (Variant v : variants) {
                v.sample();
            }
        }
        Map<String, double[]> times = new LinkedHashMap<>();
        for (Variant v : variants) {
            times.put(v.name(), new double[rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            for (Variant v : variants) {
                times.get(v.name())[r] = v.sample();
            }
        }
        double[] ref = times.get(variants.get(0).name());
        List<Summary> out = new ArrayList<>();
        for (Variant v : variants) {
            double[] t = times.get(v.name());
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = t[r] / ref[r];
            }
            double[] sortedRatio = ratio.clone();
            Arrays.sort(sortedRatio);
            out.add(new Summary(v.name(), Statistics.median(t), Statistics.median(ratio), sortedRatio[0], sortedRatio[rounds - 1]));
        }
        return out;
    }

    static String table(String title, String unit, List<Summary> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n%s%n%-34s %14s %10s %18s%n", title,
                "variant", "median " + unit, "ratio", "ratio range"));
        for (Summary s : rows) {
            b.append(String.format(Locale.ROOT, "%-34s %14.3f %10.3f %8.3f – %-8.3f%n", s.name(),
                    s.medianSeconds() * 1000, s.medianRatio(), s.minRatio(), s.maxRatio()));
        }
        return b.toString();
    }
}
