package io.github.reglab.core.metrics;

/**
 * Binary confusion counts at a threshold and the metrics derived from them. A ratio whose denominator is 0 is
 * reported as 0 (scikit-learn's {@code zero_division=0}).
 *
 * @param threshold predicted positive iff score &ge; threshold
 * @param truePositives TP
 * @param falsePositives FP
 * @param trueNegatives TN
 * @param falseNegatives FN
 * @param precision {@code TP / (TP + FP)}
 * @param recall {@code TP / (TP + FN)}
 * @param f1 {@code 2·P·R / (P + R)}
 * @param mcc Matthews correlation {@code (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN))}
 * @param accuracy {@code (TP + TN) / n}
 */
public record ThresholdMetrics(double threshold, long truePositives, long falsePositives, long trueNegatives,
        long falseNegatives, double precision, double recall, double f1, double mcc, double accuracy) {

    /**
     * Returns the metrics.
     *
     * @param threshold the threshold
     * @param tp true positives
     * @param fp false positives
     * @param tn true negatives
     * @param fn false negatives
     * @return the metrics
     */
    public static ThresholdMetrics of(double threshold, long tp, long fp, long tn, long fn) {
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double denom = Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
        double mcc = denom == 0 ? 0 : ((double) tp * tn - (double) fp * fn) / denom;
        long n = tp + fp + tn + fn;
        return new ThresholdMetrics(threshold, tp, fp, tn, fn, precision, recall, f1, mcc,
                n == 0 ? 0 : (double) (tp + tn) / n);
    }
}
