package io.github.reglab.core.metrics;

import java.util.Objects;

/**
 * Accuracy, per-class precision / recall / F1 and the confusion matrix of a multiclass prediction.
 *
 * @param confusion {@code confusion[actual][predicted]} counts
 * @param accuracy share of correct predictions
 * @param precision per class {@code TP / (TP + FP)}, 0 when the class is never predicted
 * @param recall per class {@code TP / (TP + FN)}, 0 when the class never occurs
 * @param f1 per class harmonic mean of precision and recall, 0 when both are 0
 */
public record MulticlassMetrics(long[][] confusion, double accuracy, double[] precision, double[] recall,
        double[] f1) {

    /**
     * Returns the metrics.
     *
     * @param actual true class per example, in [0, k)
     * @param predicted predicted class per example, in [0, k)
     * @param k the number of classes
     * @return the metrics
     */
    public static MulticlassMetrics of(int[] actual, int[] predicted, int k) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(predicted, "predicted");
        if (actual.length != predicted.length || actual.length == 0) {
            throw new IllegalArgumentException("actual has " + actual.length + " labels and predicted "
                    + predicted.length + "; they must match and not be empty");
        }
        long[][] cm = new long[k][k];
        long correct = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("example " + i + ": class " + actual[i] + " / prediction "
                        + predicted[i] + " outside [0, " + (k - 1) + "]");
            }
            cm[actual[i]][predicted[i]]++;
            if (actual[i] == predicted[i]) {
                correct++;
            }
        }
        double[] p = new double[k];
        double[] r = new double[k];
        double[] f = new double[k];
        for (int c = 0; c < k; c++) {
            long tp = cm[c][c];
            long predictedC = 0;
            long actualC = 0;
            for (int o = 0; o < k; o++) {
                predictedC += cm[o][c];
                actualC += cm[c][o];
            }
            p[c] = predictedC == 0 ? 0 : (double) tp / predictedC;
            r[c] = actualC == 0 ? 0 : (double) tp / actualC;
            f[c] = p[c] + r[c] == 0 ? 0 : 2 * p[c] * r[c] / (p[c] + r[c]);
        }
        return new MulticlassMetrics(cm, (double) correct / actual.length, p, r, f);
    }
}
