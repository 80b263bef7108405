package io.github.reglab.core.earlystopping;

/**
 * Why training ended.
 */
public enum StopReason {
    /** The monitored metric did not improve for {@code patience} epochs. */
    NO_IMPROVEMENT,
    /** {@code maxEpochs} epochs were trained. */
    MAX_EPOCHS,
    /** {@code maxDuration} elapsed. */
    MAX_DURATION,
    /** The loss or the monitored metric became NaN or infinite, or crossed the divergence threshold. */
    DIVERGED
}
