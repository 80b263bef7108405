package io.github.reglab.core.train;

import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An average of the weights over training, with PyTorch's {@code torch.optim.swa_utils.AveragedModel} semantics, of
 * one of two kinds:
 * <ul>
 *   <li>{@link Kind#EMA} ({@link #ema(double)}, {@code get_ema_multi_avg_fn(decay)}): the average starts as a copy of
 *   the weights at the first step, then after every step {@code avg ← d·avg + (1 − d)·w}. Every parameter is
 *   averaged, batch normalization's running mean and variance too (DL4J keeps them among the parameters; PyTorch's
 *   {@code use_buffers=True}).</li>
 *   <li>{@link Kind#SWA} ({@link #swa(int)}, stochastic weight averaging, Izmailov et al. 2018; the default
 *   {@code avg_fn}): from the start epoch on, at the end of each epoch, the equal-weight average of the weights so
 *   far, {@code avg ← avg + (w − avg)/(n + 1)} for the {@code n}-th epoch averaged (a copy at the first). An average
 *   of weights does not come with matching batch-normalization statistics, so after each update the running mean
 *   and variance of the average are recomputed on the training data ({@link BatchNormStatistics}, as
 *   {@code torch.optim.swa_utils.update_bn} does).</li>
 * </ul>
 * With {@link #validateAverage()} validation, early stopping, the best weights and the network {@link Trainer}
 * returns are the average's (before SWA's first epoch, the weights themselves); otherwise the average is kept (and
 * checkpointed) but the raw weights are validated. Checkpoints carry the average, so a resumed run continues it
 * (SWA's count of averaged epochs follows from the epoch).
 *
 * @param kind exponential moving average or stochastic weight averaging
 * @param decay EMA's decay {@code d}, in [0, 1) (0.999 is usual for long runs, 0.99 for a few thousand steps); 0 for
 *     SWA
 * @param startEpoch SWA's first averaged epoch (0-based), &ge; 0; 0 for EMA
 * @param validateAverage whether validation and the result use the average
 */
public record WeightAveraging(Kind kind, double decay, int startEpoch, boolean validateAverage) {

    /** The two averages. */
    public enum Kind {
        /** Exponential moving average after every step. */
        EMA,
        /** Equal-weight average at the end of each epoch from a start epoch, batch-norm statistics recomputed. */
        SWA
    }

    /**
     * Validates.
     *
     * @param kind exponential moving average or stochastic weight averaging
     * @param decay EMA's decay, in [0, 1); 0 for SWA
     * @param startEpoch SWA's first averaged epoch, &ge; 0; 0 for EMA
     * @param validateAverage whether validation and the result use the average
     */
    public WeightAveraging {
        Objects.requireNonNull(kind, "kind");
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "weight averaging decay must be in [0, 1), found %s", decay));
        }
        if (startEpoch < 0) {
            throw new IllegalArgumentException("SWA's start epoch must be >= 0, found " + startEpoch);
        }
    }

    /**
     * The exponential moving average that validation, early stopping and the result use.
     *
     * @param decay the decay {@code d}, in [0, 1)
     * @return the averaging
     */
    public static WeightAveraging ema(double decay) {
        return new WeightAveraging(Kind.EMA, decay, 0, true);
    }

    /**
     * Stochastic weight averaging from an epoch on, which validation, early stopping and the result use once it has
     * started.
     *
     * @param startEpoch the first averaged epoch (0-based), &ge; 0
     * @return the averaging
     */
    public static WeightAveraging swa(int startEpoch) {
        return new WeightAveraging(Kind.SWA, 0, startEpoch, true);
    }

    /**
     * Returns the average after one more training step.
     *
     * @param average the average so far, or null before the first update
     * @param params the weights after the step
     * @return EMA: the same array updated in place, or at the first step a copy of the weights outside any
     *     workspace; SWA: {@code average} unchanged
     */
    INDArray afterStep(INDArray average, INDArray params) {
        if (kind != Kind.EMA) {
            return average;
        }
        if (average == null) {
            return copy(params);
        }
        // avg ← d·avg + (1 − d)·w (PyTorch's lerp, avg + (1 − d)·(w − avg), equals it up to rounding)
        return average.muli(decay).addi(params.mul(1 - decay));
    }

    /**
     * Returns the average after an epoch.
     *
     * @param average the average so far, or null before the first update
     * @param params the weights at the end of the epoch
     * @param epoch the epoch that ended (0-based)
     * @return SWA from its start epoch: the same array updated in place, or at the start epoch (and whenever no
     *     average exists yet) a copy of the weights; otherwise {@code average} unchanged
     */
    INDArray afterEpoch(INDArray average, INDArray params, int epoch) {
        if (kind != Kind.SWA || epoch < startEpoch) {
            return average;
        }
        int averaged = epoch - startEpoch; // epochs already in the average
        if (average == null || averaged == 0) {
            return copy(params);
        }
        return average.addi(params.sub(average).divi(averaged + 1));
    }

    /**
     * Returns whether the epoch's update leaves an average whose batch-normalization statistics must be recomputed.
     *
     * @param epoch the epoch that ended (0-based)
     * @return true for SWA from its start epoch
     */
    boolean recomputesStatisticsAfter(int epoch) {
        return kind == Kind.SWA && epoch >= startEpoch;
    }

    @SuppressWarnings("try") // the workspace scope is entered for its effect only
    private static INDArray copy(INDArray params) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return params.dup();
        }
    }
}
