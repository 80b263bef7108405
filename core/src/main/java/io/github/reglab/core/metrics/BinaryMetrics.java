package io.github.reglab.core.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Ranking and threshold metrics for binary classification, with scikit-learn's definitions. Scores are any real
 * numbers where larger means "more likely positive"; labels are 0 or 1. Both classes must be present (a metric of
 * a single-class sample is undefined: an {@link IllegalArgumentException} says so).
 *
 * <p>Two areas under the precision-recall curve, named apart because they differ:
 * <ul>
 *   <li>{@link #averagePrecision} — scikit-learn's {@code average_precision_score}, the step sum
 *       {@code AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ} over decreasing thresholds; the usual headline metric for rare positives.</li>
 *   <li>{@link #auprcTrapezoid} — the trapezoidal rule over the same curve points, including (recall 0,
 *       precision 1); what DL4J's {@code ROC.calculateAUCPR()} and scikit-learn's
 *       {@code auc(recall, precision)} report. It is optimistic where precision drops between points.</li>
 * </ul>
 */
public final class BinaryMetrics {

    private final double[] scores;
    private final int[] labels;
    private final int positives;
    private final int negatives;
    /** indices sorted by decreasing score */
    private final int[] order;

    /**
     * Computes the metrics of one set of scores.
     *
     * @param scores one score per example, finite
     * @param labels one label per example, 0 or 1
     * @throws IllegalArgumentException on length mismatch, an empty sample, a label other than 0/1, a non-finite
     *     score, or a single class
     */
    public BinaryMetrics(double[] scores, int[] labels) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(labels, "labels");
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores has " + scores.length + " values and labels " + labels.length
                    + "; they must match");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        int pos = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label at index " + i + " is " + labels[i] + "; labels must be 0 or 1");
            }
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score at index " + i + " is " + scores[i]
                        + "; scores must be finite (a diverged model predicts NaN)");
            }
            pos += labels[i];
        }
        if (pos == 0 || pos == labels.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "binary metrics need both classes, but all %d labels are %d", labels.length, pos == 0 ? 0 : 1));
        }
        this.scores = scores.clone();
        this.labels = labels.clone();
        this.positives = pos;
        this.negatives = labels.length - pos;
        this.order = descendingOrder(this.scores);
    }

    /**
     * The indices of {@code scores} from the highest score to the lowest, ties in index order ({@code Double.compare}
     * order, so a stable sort): a merge sort on primitive indices, several times faster than sorting boxed indices
     * with a comparator (validation computes this every epoch, on tens of thousands of rows).
     */
    static int[] descendingOrder(double[] scores) {
        int n = scores.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    // take from the right run only when its score is strictly higher: equal scores keep index order
                    b[k] = j < hi && (i >= mid || Double.compare(scores[a[j]], scores[a[i]]) > 0) ? a[j++] : a[i++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * Returns the number of positive examples.
     *
     * @return the number of positive examples
     */
    public int positives() {
        return positives;
    }

    /**
     * Returns the number of negative examples.
     *
     * @return the number of negative examples
     */
    public int negatives() {
        return negatives;
    }

    /**
     * Area under the ROC curve, exact: the probability that a random positive scores above a random negative,
     * counting ties as one half (Mann-Whitney U with average ranks).
     *
     * @return AUC-ROC in [0, 1]
     */
    public double aucRoc() {
        // ranks ascending by score, ties get their average rank
        double rankSumPos = 0;
        int n = order.length;
        int i = n - 1;
        // order is descending; walk it backwards for ascending ranks
        int rank = 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
                j--;
            }
            int tieCount = i - j + 1;
            double avgRank = rank + (tieCount - 1) / 2.0;
            for (int k = j; k <= i; k++) {
                if (labels[order[k]] == 1) {
                    rankSumPos += avgRank;
                }
            }
            rank += tieCount;
            i = j - 1;
        }
        double u = rankSumPos - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }

    /**
     * The ROC and precision-recall curves at every distinct score, from the highest threshold down.
     *
     * @param thresholds the distinct scores, decreasing; an example is predicted positive iff score &ge; threshold
     * @param truePositives cumulative true positives at each threshold
     * @param falsePositives cumulative false positives at each threshold
     */
    public record Curve(double[] thresholds, long[] truePositives, long[] falsePositives) {
    }

    /**
     * Returns cumulative counts at every distinct threshold (what scikit-learn's {@code _binary_clf_curve} returns).
     *
     * @return cumulative counts at every distinct threshold (what scikit-learn's {@code _binary_clf_curve} returns)
     */
    public Curve curve() {
        double[] th = new double[order.length];
        long[] tp = new long[order.length];
        long[] fp = new long[order.length];
        int m = 0;
        long ctp = 0;
        long cfp = 0;
        for (int k = 0; k < order.length; k++) {
            if (labels[order[k]] == 1) {
                ctp++;
            } else {
                cfp++;
            }
            boolean lastOfTie = k == order.length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (lastOfTie) {
                th[m] = scores[order[k]];
                tp[m] = ctp;
                fp[m] = cfp;
                m++;
            }
        }
        return new Curve(Arrays.copyOf(th, m), Arrays.copyOf(tp, m), Arrays.copyOf(fp, m));
    }

    /**
     * ROC curve points, starting at (0, 0) and ending at (1, 1), as scikit-learn's {@code roc_curve} with
     * {@code drop_intermediate=False}.
     *
     * @return {@code [fpr, tpr]}
     */
    public double[][] rocCurve() {
        Curve c = curve();
        int m = c.thresholds().length;
        double[] fpr = new double[m + 1];
        double[] tpr = new double[m + 1];
        for (int k = 0; k < m; k++) {
            fpr[k + 1] = (double) c.falsePositives()[k] / negatives;
            tpr[k + 1] = (double) c.truePositives()[k] / positives;
        }
        return new double[][] {fpr, tpr};
    }

    /**
     * Precision-recall points by increasing recall, ending with (recall 0, precision 1) as scikit-learn's
     * {@code precision_recall_curve} does (it stops at the first threshold reaching full recall).
     *
     * @return {@code [recall, precision]}, each in increasing-threshold order reversed so recall decreases
     */
    public double[][] precisionRecallCurve() {
        Curve c = curve();
        int m = c.thresholds().length;
        int last = 0;
        while (last < m && c.truePositives()[last] < positives) {
            last++;
        }
        int count = Math.min(last, m - 1) + 1;
        double[] recall = new double[count + 1];
        double[] precision = new double[count + 1];
        // scikit-learn orders from the lowest kept threshold (highest recall) to the highest, then appends (0, 1)
        for (int k = 0; k < count; k++) {
            int src = count - 1 - k;
            long tp = c.truePositives()[src];
            long fp = c.falsePositives()[src];
            recall[k] = (double) tp / positives;
            precision[k] = tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }
        recall[count] = 0;
        precision[count] = 1;
        return new double[][] {recall, precision};
    }

    /**
     * Average precision, scikit-learn's step definition: {@code Σₙ (Rₙ − Rₙ₋₁)·Pₙ} over thresholds from high to
     * low. A random ranking scores about the positive rate; a perfect one 1.
     *
     * @return AP in [0, 1]
     */
    public double averagePrecision() {
        Curve c = curve();
        double ap = 0;
        double prevRecall = 0;
        for (int k = 0; k < c.thresholds().length; k++) {
            double recall = (double) c.truePositives()[k] / positives;
            double precision = (double) c.truePositives()[k] / (c.truePositives()[k] + c.falsePositives()[k]);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return ap;
    }

    /**
     * Trapezoidal area under the precision-recall curve of {@link #precisionRecallCurve()} (DL4J's AUPRC,
     * scikit-learn's {@code auc(recall, precision)}).
     *
     * @return the area in [0, 1]
     */
    public double auprcTrapezoid() {
        double[][] pr = precisionRecallCurve();
        double[] r = pr[0];
        double[] p = pr[1];
        double area = 0;
        for (int k = 1; k < r.length; k++) {
            area += (r[k - 1] - r[k]) * (p[k - 1] + p[k]) / 2;
        }
        return area;
    }

    /**
     * Confusion counts and derived metrics when an example is predicted positive iff its score &ge; threshold.
     *
     * @param threshold the decision threshold
     * @return the metrics
     */
    public ThresholdMetrics atThreshold(double threshold) {
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= threshold) {
                if (labels[i] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return ThresholdMetrics.of(threshold, tp, fp, negatives - fp, positives - tp);
    }

    /**
     * The threshold, among the distinct scores, with the highest F1 (the highest such threshold on ties).
     *
     * @return its metrics
     */
    public ThresholdMetrics maxF1() {
        Curve c = curve();
        ThresholdMetrics best = null;
        for (int k = 0; k < c.thresholds().length; k++) {
            long tp = c.truePositives()[k];
            long fp = c.falsePositives()[k];
            ThresholdMetrics t = ThresholdMetrics.of(c.thresholds()[k], tp, fp, negatives - fp, positives - tp);
            if (best == null || t.f1() > best.f1()) {
                best = t;
            }
        }
        return best;
    }

    /**
     * The highest threshold whose recall is at least the target (so precision is as high as that recall allows).
     *
     * @param targetRecall in (0, 1]
     * @return its metrics
     */
    public ThresholdMetrics forRecall(double targetRecall) {
        if (!(targetRecall > 0 && targetRecall <= 1)) {
            throw new IllegalArgumentException("target recall must be in (0, 1], found " + targetRecall);
        }
        Curve c = curve();
        for (int k = 0; k < c.thresholds().length; k++) {
            long tp = c.truePositives()[k];
            if ((double) tp / positives >= targetRecall) {
                long fp = c.falsePositives()[k];
                return ThresholdMetrics.of(c.thresholds()[k], tp, fp, negatives - fp, positives - tp);
            }
        }
        throw new IllegalStateException("unreachable: the lowest threshold has recall 1");
    }

    /**
     * The lowest threshold whose precision is at least the target (so recall is as high as that precision
     * allows).
     *
     * @param targetPrecision in (0, 1]
     * @return its metrics, or empty when no threshold reaches that precision
     */
    public java.util.Optional<ThresholdMetrics> forPrecision(double targetPrecision) {
        if (!(targetPrecision > 0 && targetPrecision <= 1)) {
            throw new IllegalArgumentException("target precision must be in (0, 1], found " + targetPrecision);
        }
        Curve c = curve();
        ThresholdMetrics found = null;
        for (int k = 0; k < c.thresholds().length; k++) {
            long tp = c.truePositives()[k];
            long fp = c.falsePositives()[k];
            if ((double) tp / (tp + fp) >= targetPrecision) {
                found = ThresholdMetrics.of(c.thresholds()[k], tp, fp, negatives - fp, positives - tp);
            }
        }
        return java.util.Optional.ofNullable(found);
    }
}
