package io.github.reglab.core.train;

import java.util.Locale;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of the weights over the training steps, with PyTorch's {@code AveragedModel}
 * semantics ({@code torch.optim.swa_utils.get_ema_multi_avg_fn(decay)}): the average starts as a copy of the weights
 * at the first step, then after every step
 * <pre>
 *   avg ← d·avg + (1 − d)·w
 * </pre>
 * Every parameter is averaged, batch normalization's running mean and variance too (DL4J keeps them among the
 * parameters; PyTorch's {@code use_buffers=True}). With {@link #validateAverage()} validation, early stopping, the
 * best weights and the network {@link Trainer} returns are the average's; otherwise the average is kept (and
 * checkpointed) but the raw weights are validated. Checkpoints carry the average, so a resumed run continues it.
 *
 * @param decay the decay {@code d}, in [0, 1) (0.999 is usual for long runs, 0.99 for a few thousand steps)
 * @param validateAverage whether validation and the result use the average
 */
public record WeightAveraging(double decay, boolean validateAverage) {

    /**
     * Validates.
     *
     * @param decay the decay {@code d}, in [0, 1)
     * @param validateAverage whether validation and the result use the average
     */
    public WeightAveraging {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "weight averaging decay must be in [0, 1), found %s", decay));
        }
    }

    /**
     * The exponential moving average that validation, early stopping and the result use.
     *
     * @param decay the decay {@code d}, in [0, 1)
     * @return the averaging
     */
    public static WeightAveraging ema(double decay) {
        return new WeightAveraging(decay, true);
    }

    /**
     * Returns the average after one more step.
     *
     * @param average the average so far, or null before the first step
     * @param params the weights after the step
     * @return the same array updated in place, or at the first step a copy of the weights outside any workspace
     */
    @SuppressWarnings("try") // the workspace scope is entered for its effect only
    INDArray update(INDArray average, INDArray params) {
        if (average == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return params.dup();
            }
        }
        // avg ← d·avg + (1 − d)·w (PyTorch's lerp, avg + (1 − d)·(w − avg), equals it up to rounding)
        return average.muli(decay).addi(params.mul(1 - decay));
    }
}
