package io.github.reglab.crossval.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration's results over its folds.
 *
 * @param config the configuration
 * @param scores its fold scores, in fold order
 * @param mean metric name to mean over folds
 * @param std metric name to sample standard deviation over folds (0 for one fold)
 * @param pruned whether the median stopping rule stopped it before its last fold
 * @param medianBestEpoch median over folds of the best epoch count (epochs to train when refitting)
 */
public record ConfigSummary(Config config, List<FoldScore> scores, Map<String, Double> mean,
        Map<String, Double> std, boolean pruned, int medianBestEpoch) {

    /**
     * Returns the summary.
     *
     * @param config the configuration
     * @param scores its fold scores
     * @param pruned whether it was pruned
     * @return the summary
     */
    public static ConfigSummary of(Config config, List<FoldScore> scores, boolean pruned) {
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> std = new LinkedHashMap<>();
        for (String metric : scores.get(0).metrics().keySet()) {
            double[] v = scores.stream().mapToDouble(s -> s.metrics().getOrDefault(metric, Double.NaN)).toArray();
            mean.put(metric, mean(v));
            std.put(metric, std(v));
        }
        long epochs = Math.round(median(scores.stream().mapToDouble(s -> s.bestEpoch() + 1).toArray()));
        return new ConfigSummary(config, List.copyOf(scores), mean, std, pruned, (int) Math.max(1, epochs));
    }

    /**
     * Returns their mean.
     *
     * @param v values
     * @return their mean
     */
    public static double mean(double[] v) {
        return Arrays.stream(v).sum() / v.length;
    }

    /**
     * Returns their median, NaN values left out (NaN when none is left).
     *
     * @param values values
     * @return their median, NaN values left out (NaN when none is left)
     */
    public static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Returns their sample standard deviation (n − 1), 0 for fewer than two.
     *
     * @param v values
     * @return their sample standard deviation (n − 1), 0 for fewer than two
     */
    public static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /**
     * Returns its values per fold.
     *
     * @param metric a metric
     * @return its values per fold
     */
    public List<Double> values(String metric) {
        List<Double> out = new ArrayList<>();
        scores.forEach(s -> out.add(s.metrics().get(metric)));
        return out;
    }
}
