package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.testing.Blobs;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

class WeightAveragingTest {

    private static final DataSet TRAIN = Blobs.data(64, 1.0, 0.3, 1);
    private static final DataSet VALID = Blobs.data(200, 1.0, 0.3, 2);
    private static final double DECAY = 0.8;

    @TempDir
    Path tmp;

    private static TrainerSpec spec(int epochs, StepEngine engine) {
        return TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AUC_ROC, epochs).withPatience(epochs)
                .withRestoreBestWeights(false)).withSeed(7).withEngine(engine)
                .withWeightAveraging(WeightAveraging.ema(DECAY));
    }

    /**
     * The EMA recurrence by hand, in double: the average starts as the weights after the first step, then
     * {@code avg ← d·avg + (1 − d)·w} after each. Full-batch training (one step an epoch) on DL4J's path, so a plain
     * {@code fit} gives the same weights as the trainer; the trainer's result is the average (float: 1e-6 relative),
     * and its last validation loss is the average's, not the raw weights'.
     */
    @Test
    void theAverageFollowsTheRecurrenceAndIsWhatIsValidated() {
        int epochs = 5;
        TrainingResult r = new Trainer(spec(epochs, StepEngine.DL4J)).logEpochs(false)
                .fit(Blobs.mlp(3, Blobs.adam()), Blobs.iterator(TRAIN, 64), Blobs.iterator(VALID, 100));

        MultiLayerNetwork byHand = Blobs.mlp(3, Blobs.adam());
        double[] avg = null;
        for (int e = 0; e < epochs; e++) {
            byHand.fit(TRAIN);
            double[] w = Blobs.values(byHand.params());
            if (avg == null) {
                avg = w;
            } else {
                for (int i = 0; i < avg.length; i++) {
                    avg[i] = DECAY * avg[i] + (1 - DECAY) * w[i];
                }
            }
        }
        double[] got = Blobs.values(r.network().params());
        for (int i = 0; i < avg.length; i++) {
            assertEquals(avg[i], got[i], 1e-6 * Math.max(1, Math.abs(avg[i])), "parameter " + i);
        }
        double lastLoss = r.history().epochs().get(epochs - 1).validation().get(ValidationMetrics.LOSS);
        double averageLoss = ValidationMetrics.predict(r.network(), Blobs.iterator(VALID, 100)).meanLoss();
        double rawLoss = ValidationMetrics.predict(byHand, Blobs.iterator(VALID, 100)).meanLoss();
        assertEquals(averageLoss, lastLoss, 1e-6);
        assertTrue(Math.abs(rawLoss - averageLoss) > 1e-4, "the raw weights score differently: " + rawLoss);
    }

    /** The checkpoint carries the average: stopping after 2 epochs and resuming to 4 equals 4 straight epochs. */
    @Test
    void aResumedRunContinuesTheAverage() {
        TrainingResult straight = new Trainer(spec(4, StepEngine.COMPILED)).logEpochs(false)
                .fit(Blobs.mlp(3, Blobs.adam()), Blobs.iterator(TRAIN, 16), Blobs.iterator(VALID, 100));
        Path ckpt = tmp.resolve(Checkpoints.FILE_NAME);
        new Trainer(spec(2, StepEngine.COMPILED).withCheckpointEvery(1)).checkpointTo(ckpt).logEpochs(false)
                .fit(Blobs.mlp(3, Blobs.adam()), Blobs.iterator(TRAIN, 16), Blobs.iterator(VALID, 100));
        assertNotNull(Checkpoints.read(ckpt).average(), "the checkpoint holds the average");
        TrainingResult resumed = new Trainer(spec(4, StepEngine.COMPILED).withCheckpointEvery(1)).checkpointTo(ckpt)
                .logEpochs(false).resume(ckpt, Blobs.iterator(TRAIN, 16), Blobs.iterator(VALID, 100));
        assertArrayEquals(Blobs.values(straight.network().params()), Blobs.values(resumed.network().params()), 0.0);
        for (int e = 0; e < 4; e++) {
            assertEquals(straight.history().epochs().get(e).validation(), resumed.history().epochs().get(e)
                    .validation(), "epoch " + e);
        }
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(spec(4, StepEngine.COMPILED).withWeightAveraging(null)).logEpochs(false)
                        .resume(ckpt, Blobs.iterator(TRAIN, 16), Blobs.iterator(VALID, 100)));
        assertTrue(other.getMessage().contains("moving average"), other.getMessage());
    }

    @Test
    void theDecayMustBeBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightAveraging.ema(1));
        assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        assertEquals(List.of(0.5, true), List.of(WeightAveraging.ema(0.5).decay(),
                WeightAveraging.ema(0.5).validateAverage()));
    }
}
