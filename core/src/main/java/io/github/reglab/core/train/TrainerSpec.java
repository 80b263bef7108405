package io.github.reglab.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;

/**
 * How {@link Trainer} runs.
 *
 * @param earlyStopping stopping rules; its monitor must be one of the metrics
 * @param metrics validation metrics to record every epoch (see {@link ValidationMetrics}); the monitor is added
 *     when missing
 * @param seed seeds ND4J's random generator at the start of every epoch (dropout masks) as {@code seed + epoch}, so
 *     a resumed run draws the same masks as an uninterrupted one
 * @param maxBatchesPerEpoch stop each epoch after this many minibatches, 0 for no limit (smoke runs)
 * @param checkpointEvery write a checkpoint every this many epochs, 0 for none
 */
public record TrainerSpec(EarlyStoppingSpec earlyStopping, List<String> metrics, long seed, int maxBatchesPerEpoch,
        int checkpointEvery) {

    /** Validates and completes the metric list. */
    public TrainerSpec {
        Objects.requireNonNull(earlyStopping, "earlyStopping");
        List<String> m = new ArrayList<>(metrics);
        if (!m.contains(earlyStopping.monitor())) {
            m.add(0, earlyStopping.monitor());
        }
        if (!m.contains(ValidationMetrics.LOSS)) {
            m.add(0, ValidationMetrics.LOSS);
        }
        ValidationMetrics.check(m);
        metrics = List.copyOf(m);
        if (maxBatchesPerEpoch < 0) {
            throw new IllegalArgumentException("maxBatchesPerEpoch must be >= 0, found " + maxBatchesPerEpoch);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must be >= 0, found " + checkpointEvery);
        }
    }
}
