package io.github.reglab.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.step.BatchNormBackward;

/**
 * How {@link Trainer} runs. Start from {@link #of(EarlyStoppingSpec)} and change what differs from the defaults:
 *
 * <pre>{@code
 * TrainerSpec spec = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AUC_ROC, 30).withPatience(5))
 *         .withMetrics(List.of(ValidationMetrics.ACCURACY))
 *         .withSeed(7)
 *         .withCheckpointEvery(1);
 * }</pre>
 *
 * @param earlyStopping stopping rules; its monitor must be one of the metrics
 * @param metrics validation metrics to record every epoch (see {@link ValidationMetrics}); the monitor is added
 *     when missing
 * @param seed seeds ND4J's random generator at the start of every epoch (dropout masks) as {@code seed + epoch}, so
 *     a resumed run draws the same masks as an uninterrupted one
 * @param maxBatchesPerEpoch stop each epoch after this many minibatches, 0 for no limit (smoke runs)
 * @param checkpointEvery write a checkpoint every this many epochs, 0 for none
 * @param engine what runs each step: {@link StepEngine#COMPILED} (the default) or DL4J's {@code fit}
 * @param batchNormBackward how the compiled step computes batch normalization's backward pass
 * @param weightAveraging an average of the weights (EMA or SWA), or null for none
 */
public record TrainerSpec(EarlyStoppingSpec earlyStopping, List<String> metrics, long seed, int maxBatchesPerEpoch,
        int checkpointEvery, StepEngine engine, BatchNormBackward batchNormBackward,
        WeightAveraging weightAveraging) {

    /** Default seed of {@link #of(EarlyStoppingSpec)}. */
    public static final long DEFAULT_SEED = 42;
    /** Default {@link #maxBatchesPerEpoch()}: no limit. */
    public static final int ALL_BATCHES = 0;
    /** Default {@link #checkpointEvery()}: no checkpoints. */
    public static final int NO_CHECKPOINTS = 0;

    /**
     * Validates and completes the metric list.
     *
     * @param earlyStopping stopping rules; its monitor must be one of the metrics
     * @param metrics validation metrics to record every epoch (see {@link ValidationMetrics}); the monitor is added
     *     when missing
     * @param seed seeds ND4J's random generator at the start of every epoch (dropout masks) as {@code seed + epoch},
     *     so a resumed run draws the same masks as an uninterrupted one
     * @param maxBatchesPerEpoch stop each epoch after this many minibatches, 0 for no limit (smoke runs)
     * @param checkpointEvery write a checkpoint every this many epochs, 0 for none
     * @param engine what runs each step
     * @param batchNormBackward how the compiled step computes batch normalization's backward pass
     * @param weightAveraging an average of the weights, or null for none; SWA must start before the last epoch
     */
    public TrainerSpec {
        Objects.requireNonNull(earlyStopping, "earlyStopping");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(batchNormBackward, "batchNormBackward");
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
        if (weightAveraging != null && weightAveraging.kind() == WeightAveraging.Kind.SWA
                && weightAveraging.startEpoch() >= earlyStopping.maxEpochs()) {
            throw new IllegalArgumentException("SWA starts at epoch " + weightAveraging.startEpoch() + " (0-based) "
                    + "but training ends after epoch " + (earlyStopping.maxEpochs() - 1) + "; start it earlier or "
                    + "train longer");
        }
    }

    /**
     * Returns the spec with the defaults: validation loss plus the monitor as metrics, seed {@value #DEFAULT_SEED},
     * every minibatch of every epoch, no checkpoints, the compiled step with the composed batch-norm backward, no
     * weight averaging.
     *
     * @param earlyStopping stopping rules
     * @return the spec
     */
    public static TrainerSpec of(EarlyStoppingSpec earlyStopping) {
        return new TrainerSpec(earlyStopping, List.of(), DEFAULT_SEED, ALL_BATCHES, NO_CHECKPOINTS, StepEngine.COMPILED,
                BatchNormBackward.COMPOSED, null);
    }

    /**
     * Returns a copy with other early-stopping rules.
     *
     * @param rules the stopping rules; its monitor is added to the metrics
     * @return the copy
     */
    public TrainerSpec withEarlyStopping(EarlyStoppingSpec rules) {
        return new TrainerSpec(rules, metrics, seed, maxBatchesPerEpoch, checkpointEvery, engine,
                batchNormBackward, weightAveraging);
    }

    /**
     * Returns a copy that records these validation metrics (validation loss and the monitor are always added).
     *
     * @param names metric names from {@link ValidationMetrics}
     * @return the copy
     */
    public TrainerSpec withMetrics(List<String> names) {
        return new TrainerSpec(earlyStopping, names, seed, maxBatchesPerEpoch, checkpointEvery, engine,
                batchNormBackward, weightAveraging);
    }

    /**
     * Returns a copy with another seed.
     *
     * @param value the seed of ND4J's generator, set to {@code value + epoch} at every epoch
     * @return the copy
     */
    public TrainerSpec withSeed(long value) {
        return new TrainerSpec(earlyStopping, metrics, value, maxBatchesPerEpoch, checkpointEvery, engine,
                batchNormBackward, weightAveraging);
    }

    /**
     * Returns a copy that stops each epoch early.
     *
     * @param batches the most minibatches per epoch, {@value #ALL_BATCHES} for no limit
     * @return the copy
     */
    public TrainerSpec withMaxBatchesPerEpoch(int batches) {
        return new TrainerSpec(earlyStopping, metrics, seed, batches, checkpointEvery, engine,
                batchNormBackward, weightAveraging);
    }

    /**
     * Returns a copy that writes checkpoints (to the file given by {@link Trainer#checkpointTo}).
     *
     * @param epochs a checkpoint every this many epochs (and at the last one), {@value #NO_CHECKPOINTS} for none
     * @return the copy
     */
    public TrainerSpec withCheckpointEvery(int epochs) {
        return new TrainerSpec(earlyStopping, metrics, seed, maxBatchesPerEpoch, epochs, engine, batchNormBackward,
                weightAveraging);
    }

    /**
     * Returns a copy that runs each step with another engine.
     *
     * @param value {@link StepEngine#COMPILED} or {@link StepEngine#DL4J}
     * @return the copy
     */
    public TrainerSpec withEngine(StepEngine value) {
        return new TrainerSpec(earlyStopping, metrics, seed, maxBatchesPerEpoch, checkpointEvery, value,
                batchNormBackward, weightAveraging);
    }

    /**
     * Returns a copy whose compiled step computes batch normalization's backward pass another way.
     *
     * @param value {@link BatchNormBackward#COMPOSED} (the default) or {@link BatchNormBackward#LIBND4J}
     * @return the copy
     */
    public TrainerSpec withBatchNormBackward(BatchNormBackward value) {
        return new TrainerSpec(earlyStopping, metrics, seed, maxBatchesPerEpoch, checkpointEvery, engine, value,
                weightAveraging);
    }

    /**
     * Returns a copy that keeps an average of the weights.
     *
     * @param value the averaging ({@link WeightAveraging#ema(double)} or {@link WeightAveraging#swa(int)}), or null
     *     for none
     * @return the copy
     */
    public TrainerSpec withWeightAveraging(WeightAveraging value) {
        return new TrainerSpec(earlyStopping, metrics, seed, maxBatchesPerEpoch, checkpointEvery, engine,
                batchNormBackward, value);
    }
}
