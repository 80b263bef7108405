package io.github.reglab.core.train;

import io.github.reglab.core.earlystopping.StopReason;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param network the trained network: the same object passed in, holding the best epoch's weights when
 *     {@code restoreBestWeights} is set (else the last epoch's)
 * @param history every epoch's record
 * @param bestEpoch the epoch with the best monitored value, or -1 when none was counted
 * @param bestValue the best monitored value, NaN when none
 * @param stopReason why training ended
 * @param message one sentence on how training ended, with remedies when it diverged
 * @param resumedFromEpoch the epoch a resumed run started at, or 0
 */
public record TrainingResult(MultiLayerNetwork network, TrainingHistory history, int bestEpoch, double bestValue,
        StopReason stopReason, String message, int resumedFromEpoch) {
}
