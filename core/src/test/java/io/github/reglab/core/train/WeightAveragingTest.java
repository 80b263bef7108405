package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.testing.Blobs;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.LoggerFactory;

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

    /**
     * SWA by hand, in double: full-batch training (one step an epoch) on DL4J's path, so a plain {@code fit} gives
     * the trainer's weights; from epoch 2 of 6 the average is the plain mean of the weights at the ends of epochs
     * 2–5, and the result is that mean (float: 1e-6 relative). The network has no batch normalization, so nothing is
     * recomputed. Before the start epoch, validation sees the raw weights.
     */
    @Test
    void swaIsTheMeanOfTheWeightsFromItsStartEpoch() {
        int epochs = 6;
        int start = 2;
        TrainerSpec spec = spec(epochs, StepEngine.DL4J).withWeightAveraging(WeightAveraging.swa(start));
        TrainingResult r = new Trainer(spec).logEpochs(false)
                .fit(Blobs.mlp(3, Blobs.adam()), Blobs.iterator(TRAIN, 64), Blobs.iterator(VALID, 100));
        MultiLayerNetwork byHand = Blobs.mlp(3, Blobs.adam());
        double[] sum = new double[byHand.params().toDoubleVector().length];
        double firstLoss = 0;
        for (int e = 0; e < epochs; e++) {
            byHand.fit(TRAIN);
            if (e == 0) {
                firstLoss = ValidationMetrics.predict(byHand, Blobs.iterator(VALID, 100)).meanLoss();
            }
            if (e >= start) {
                double[] w = Blobs.values(byHand.params());
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += w[i];
                }
            }
        }
        double[] got = Blobs.values(r.network().params());
        for (int i = 0; i < sum.length; i++) {
            double mean = sum[i] / (epochs - start);
            assertEquals(mean, got[i], 1e-6 * Math.max(1, Math.abs(mean)), "parameter " + i);
        }
        assertEquals(firstLoss, r.history().epochs().get(0).validation().get(ValidationMetrics.LOSS), 1e-6);
    }

    /**
     * SWA with batch normalization: after every averaged epoch the average gets statistics recomputed on the training
     * data, so the returned network's running mean equals a recomputation from its own weights (1e-6, float); a run
     * stopped after 3 epochs and resumed to 5 ends bit for bit where 5 straight epochs do.
     */
    @Test
    void swaRecomputesBatchNormAndResumesExactly() {
        TrainerSpec spec = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AUC_ROC, 5).withPatience(5)
                .withRestoreBestWeights(false)).withSeed(7).withWeightAveraging(WeightAveraging.swa(1));
        TrainingResult straight = new Trainer(spec).logEpochs(false)
                .fit(bnMlp(), Blobs.iterator(TRAIN, 16), Blobs.iterator(VALID, 100));
        MultiLayerNetwork result = straight.network();
        double[] straightParams = Blobs.values(result.params());
        INDArray stored = result.getLayer(1).getParam("mean").dup();
        BatchNormStatistics.recompute(result, Blobs.iterator(TRAIN, 16), 0);
        assertTrue(stored.equalsWithEps(result.getLayer(1).getParam("mean"), 1e-6),
                stored + " vs " + result.getLayer(1).getParam("mean"));
        Path ckpt = tmp.resolve(Checkpoints.FILE_NAME);
        TrainerSpec three = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AUC_ROC, 3).withPatience(5)
                .withRestoreBestWeights(false)).withSeed(7).withWeightAveraging(WeightAveraging.swa(1))
                .withCheckpointEvery(1);
        new Trainer(three).checkpointTo(ckpt).logEpochs(false)
                .fit(bnMlp(), Blobs.iterator(TRAIN, 16), Blobs.iterator(VALID, 100));
        TrainingResult resumed = new Trainer(spec.withCheckpointEvery(1)).checkpointTo(ckpt).logEpochs(false)
                .resume(ckpt, Blobs.iterator(TRAIN, 16), Blobs.iterator(VALID, 100));
        assertArrayEquals(straightParams, Blobs.values(resumed.network().params()), 0.0);
    }

    /** A 5 → 8 → batch norm → ReLU → 2 MLP (this project's fused batch-norm layer). */
    private static MultiLayerNetwork bnMlp() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(3).updater(Blobs.adam())
                .list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(Blobs.FEATURES).nOut(8)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .layer(io.github.reglab.core.layers.BatchNorm.FUSED.dense(8))
                .layer(new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder()
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** SWA starting at or after the last epoch would never average: refused, naming both epochs. */
    @Test
    void swaMustStartBeforeTheLastEpoch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec(4, StepEngine.DL4J).withWeightAveraging(WeightAveraging.swa(4)));
        assertTrue(e.getMessage().contains("epoch 4") && e.getMessage().contains("epoch 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightAveraging.swa(-1));
    }

    /**
     * An EMA without bias correction weighs its starting copy by {@code d^t} after t steps. Decay 0.999 over 3 epochs
     * of one 64-example step holds 0.999³ = 99.7 % of the initial weights: the trainer warns once and names the decay
     * that would leave 1 % ({@code 0.01^(1/3)} = 0.2154). Decay 0.5 over 3 epochs of 8 steps holds 0.5²⁴ = 6e-8:
     * no warning.
     */
    @Test
    void aRunTooShortForItsDecayIsWarnedAbout() {
        Logger logger = (Logger) LoggerFactory.getLogger(Trainer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            new Trainer(spec(3, StepEngine.COMPILED).withWeightAveraging(WeightAveraging.ema(0.999)))
                    .logEpochs(false).fit(Blobs.mlp(3, Blobs.adam()), new ShuffledMinibatches(TRAIN, 64, 1L),
                            Blobs.iterator(VALID, 100));
            List<String> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            String w = warnings.get(0);
            assertTrue(w.contains("EMA decay 0.999") && w.contains("100 % of the initial weights")
                    && w.contains("3 steps") && w.contains("0.2154"), w);

            appender.list.clear();
            new Trainer(spec(3, StepEngine.COMPILED).withWeightAveraging(WeightAveraging.ema(0.5)))
                    .logEpochs(false).fit(Blobs.mlp(3, Blobs.adam()), new ShuffledMinibatches(TRAIN, 8, 1L),
                            Blobs.iterator(VALID, 100));
            assertTrue(appender.list.stream().noneMatch(e -> e.getLevel() == Level.WARN), appender.list.toString());
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void theDecayMustBeBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightAveraging.ema(1));
        assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        assertEquals(List.of(0.5, true), List.of(WeightAveraging.ema(0.5).decay(),
                WeightAveraging.ema(0.5).validateAverage()));
    }
}
