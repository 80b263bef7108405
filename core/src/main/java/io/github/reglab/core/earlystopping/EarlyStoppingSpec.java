package io.github.reglab.core.earlystopping;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Early-stopping settings, with Keras's names and meanings (see {@link EarlyStopping}).
 *
 * @param monitor the validation metric watched, e.g. {@code val_loss} or {@code average_precision}
 * @param mode MIN, MAX or AUTO (from the metric's name)
 * @param minDelta smallest change that counts as an improvement (its sign is ignored), &ge; 0
 * @param patience epochs without improvement before stopping, &ge; 0
 * @param baseline a value the metric must beat for the patience counter to reset, or null
 * @param startFromEpoch epochs (from 0) before this one are ignored (warm-up), &ge; 0
 * @param restoreBestWeights whether the trainer returns the best epoch's weights (our default: true; Keras's: false)
 * @param maxEpochs hard limit on epochs, &ge; 1
 * @param maxDuration hard limit on wall time, or null for none
 * @param divergenceThreshold stop at once when the training loss exceeds this, or null for only NaN/Inf
 */
public record EarlyStoppingSpec(String monitor, Mode mode, double minDelta, int patience, Double baseline,
        int startFromEpoch, boolean restoreBestWeights, int maxEpochs, Duration maxDuration,
        Double divergenceThreshold) {

    /**
     * Validates every field; the message names the field, the value and the allowed range.
     *
     * @param monitor the validation metric watched, e.g. {@code val_loss} or {@code average_precision}
     * @param mode MIN, MAX or AUTO (from the metric's name)
     * @param minDelta smallest change that counts as an improvement (its sign is ignored), &ge; 0
     * @param patience epochs without improvement before stopping, &ge; 0
     * @param baseline a value the metric must beat for the patience counter to reset, or null
     * @param startFromEpoch epochs (from 0) before this one are ignored (warm-up), &ge; 0
     * @param restoreBestWeights whether the trainer returns the best epoch's weights (our default: true; Keras's:
     *     false)
     * @param maxEpochs hard limit on epochs, &ge; 1
     * @param maxDuration hard limit on wall time, or null for none
     * @param divergenceThreshold stop at once when the training loss exceeds this, or null for only NaN/Inf
     */
    public EarlyStoppingSpec {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(mode, "mode");
        if (monitor.isBlank()) {
            throw new IllegalArgumentException("monitor must name a metric, found an empty name");
        }
        if (!Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("minDelta must be finite, found " + minDelta);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, found " + patience);
        }
        if (baseline != null && !Double.isFinite(baseline)) {
            throw new IllegalArgumentException("baseline must be finite or absent, found " + baseline);
        }
        if (startFromEpoch < 0) {
            throw new IllegalArgumentException("startFromEpoch must be >= 0, found " + startFromEpoch);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be >= 1, found " + maxEpochs);
        }
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            throw new IllegalArgumentException("maxDuration must be positive, found " + maxDuration);
        }
        if (divergenceThreshold != null && !Double.isFinite(divergenceThreshold)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "divergenceThreshold must be finite or absent, found %s", divergenceThreshold));
        }
    }

    /**
     * Keras's defaults (minDelta 0, patience 0, no baseline, start 0) except restoreBestWeights = true.
     *
     * @param monitor the metric to watch
     * @param maxEpochs the epoch limit
     * @return the spec
     */
    public static EarlyStoppingSpec of(String monitor, int maxEpochs) {
        return new EarlyStoppingSpec(monitor, Mode.AUTO, 0, 0, null, 0, true, maxEpochs, null, null);
    }

    /**
     * Returns a copy with that patience.
     *
     * @param p the patience
     * @return a copy with that patience
     */
    public EarlyStoppingSpec withPatience(int p) {
        return new EarlyStoppingSpec(monitor, mode, minDelta, p, baseline, startFromEpoch, restoreBestWeights,
                maxEpochs, maxDuration, divergenceThreshold);
    }

    /**
     * Returns a copy with that minDelta.
     *
     * @param d the minimum improvement
     * @return a copy with that minDelta
     */
    public EarlyStoppingSpec withMinDelta(double d) {
        return new EarlyStoppingSpec(monitor, mode, d, patience, baseline, startFromEpoch, restoreBestWeights,
                maxEpochs, maxDuration, divergenceThreshold);
    }

    /**
     * Returns a copy with that mode.
     *
     * @param m the mode
     * @return a copy with that mode
     */
    public EarlyStoppingSpec withMode(Mode m) {
        return new EarlyStoppingSpec(monitor, m, minDelta, patience, baseline, startFromEpoch, restoreBestWeights,
                maxEpochs, maxDuration, divergenceThreshold);
    }

    /**
     * Returns a copy with that baseline.
     *
     * @param b the baseline, or null
     * @return a copy with that baseline
     */
    public EarlyStoppingSpec withBaseline(Double b) {
        return new EarlyStoppingSpec(monitor, mode, minDelta, patience, b, startFromEpoch, restoreBestWeights,
                maxEpochs, maxDuration, divergenceThreshold);
    }

    /**
     * Returns a copy with that startFromEpoch.
     *
     * @param e the first epoch that counts
     * @return a copy with that startFromEpoch
     */
    public EarlyStoppingSpec withStartFromEpoch(int e) {
        return new EarlyStoppingSpec(monitor, mode, minDelta, patience, baseline, e, restoreBestWeights, maxEpochs,
                maxDuration, divergenceThreshold);
    }

    /**
     * Returns a copy with that setting.
     *
     * @param restore whether to restore the best weights
     * @return a copy with that setting
     */
    public EarlyStoppingSpec withRestoreBestWeights(boolean restore) {
        return new EarlyStoppingSpec(monitor, mode, minDelta, patience, baseline, startFromEpoch, restore, maxEpochs,
                maxDuration, divergenceThreshold);
    }

    /**
     * Returns a copy with that limit.
     *
     * @param d the wall-time limit, or null
     * @return a copy with that limit
     */
    public EarlyStoppingSpec withMaxDuration(Duration d) {
        return new EarlyStoppingSpec(monitor, mode, minDelta, patience, baseline, startFromEpoch, restoreBestWeights,
                maxEpochs, d, divergenceThreshold);
    }

    /**
     * Returns a copy with that threshold.
     *
     * @param t the loss above which training counts as diverged, or null
     * @return a copy with that threshold
     */
    public EarlyStoppingSpec withDivergenceThreshold(Double t) {
        return new EarlyStoppingSpec(monitor, mode, minDelta, patience, baseline, startFromEpoch, restoreBestWeights,
                maxEpochs, maxDuration, t);
    }
}
