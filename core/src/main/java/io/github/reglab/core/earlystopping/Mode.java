package io.github.reglab.core.earlystopping;

import java.util.Locale;

/**
 * Whether the monitored metric should go down or up.
 */
public enum Mode {
    /** Smaller is better (losses). */
    MIN,
    /** Larger is better (accuracy, AUC, average precision, F1, MCC). */
    MAX,
    /** Decided from the metric's name by {@link #resolve(String)}. */
    AUTO;

    /**
     * Keras-like automatic direction: names containing {@code loss} or {@code error} are minimized, everything this
     * project reports otherwise (accuracy, AUC, precision, recall, F1, MCC) is maximized.
     *
     * @param metric the monitored metric's name
     * @return MIN or MAX; this mode itself when it is not AUTO
     */
    public Mode resolve(String metric) {
        if (this != AUTO) {
            return this;
        }
        String m = metric.toLowerCase(Locale.ROOT);
        return m.contains("loss") || m.contains("error") ? MIN : MAX;
    }
}
