package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.earlystopping.StopReason;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.testing.Blobs;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Sgd;

class TrainerTest {

    private static final DataSet TRAIN = Blobs.data(400, 1.0, 0.3, 1);
    private static final DataSet VALID = Blobs.data(200, 1.0, 0.3, 2);

    @TempDir
    Path tmp;

    private static DataSetIterator train() {
        return Blobs.iterator(TRAIN, 50);
    }

    private static DataSetIterator valid() {
        return Blobs.iterator(VALID, 100);
    }

    private static TrainerSpec spec(int maxEpochs, int patience) {
        return TrainerSpec.of(EarlyStoppingSpec.of("auc_roc", maxEpochs).withPatience(patience))
                .withMetrics(List.of("accuracy", "average_precision")).withSeed(7).withCheckpointEvery(1);
    }

    @Test
    void recordsLossPenaltyAndMetricsAndRestoresTheBestEpoch() {
        MultiLayerNetwork net = Blobs.mlp(3, Blobs.adam(), Regularizers.l2(0.05));
        TrainingResult r = new Trainer(spec(12, 3)).fit(net, train(), valid());
        List<EpochRecord> h = r.history().epochs();
        assertTrue(h.size() >= 2 && h.size() <= 12, "epochs " + h.size());
        for (EpochRecord e : h) {
            assertTrue(Double.isFinite(e.trainLoss()) && e.trainLoss() > 0, e.toString());
            assertTrue(e.penalty() > 0, "L2 penalty recorded separately: " + e);
            assertTrue(e.validation().keySet().containsAll(List.of("val_loss", "auc_roc", "accuracy",
                    "average_precision")), e.validation().toString());
            assertEquals(0.01, e.learningRate(), 1e-9);
        }
        // the returned network holds the best epoch's weights: its AUC is the best recorded value
        double auc = ValidationMetrics.compute(ValidationMetrics.predict(r.network(), valid()),
                List.of("auc_roc")).get("auc_roc");
        assertEquals(r.bestValue(), auc, 1e-6);
        assertEquals(h.get(r.bestEpoch()).validation().get("auc_roc"), r.bestValue(), 0);
        assertTrue(r.bestValue() > 0.7, "clearly better than chance: " + r.bestValue());
        // penalty is 0.5·λ·‖W‖² of the hidden layer at the end of its epoch
        double n2 = r.network().getLayer(0).getParam("W").norm2Number().doubleValue();
        if (r.bestEpoch() == h.size() - 1) {
            assertEquals(0.5 * 0.05 * n2 * n2, h.get(h.size() - 1).penalty(), 1e-5);
        }
    }

    /**
     * The progress receiver sees one epoch per epoch with its minibatch count (capped by maxBatchesPerEpoch), one
     * batch per minibatch, each epoch closed. A plain DL4J iterator does not say how many minibatches it holds, so
     * the first epoch's count is unknown (-1) and later ones take the count the epoch before saw.
     */
    @Test
    void progressReceivesEveryMinibatchAndClosesEveryEpoch() {
        List<String> events = new java.util.ArrayList<>();
        TrainingProgress receiver = (epoch, batches) -> {
            events.add("start " + epoch + " of " + batches);
            return new TrainingProgress.Epoch() {
                @Override
                public void batch(double dataLoss) {
                    assertTrue(Double.isFinite(dataLoss) && dataLoss > 0, "loss " + dataLoss);
                    events.add("batch");
                }

                @Override
                public void close() {
                    events.add("close " + epoch);
                }
            };
        };
        MultiLayerNetwork net = Blobs.mlp(3, Blobs.adam());
        new Trainer(spec(2, 100).withMaxBatchesPerEpoch(2)).progress(receiver).logEpochs(false)
                .fit(net, train(), valid());
        assertEquals(List.of("start 0 of -1", "batch", "batch", "close 0", "start 1 of 2", "batch", "batch", "close 1"),
                events);
        events.clear();
        new Trainer(spec(1, 100)).progress(receiver).logEpochs(false)
                .fit(Blobs.mlp(3, Blobs.adam()), new ShuffledMinibatches(TRAIN, 64, 1L), valid());
        long batches = (TRAIN.numExamples() + 63) / 64;
        assertEquals("start 0 of " + batches, events.get(0));
        assertEquals(batches, events.stream().filter("batch"::equals).count());
    }

    @Test
    void divergenceStopsAtOnceWithRemediesAndKeepsFiniteWeights() {
        MultiLayerNetwork net = Blobs.mlp(3, new Sgd(1e12));
        TrainingResult r = new Trainer(spec(10, 5)).fit(net, train(), valid());
        assertEquals(StopReason.DIVERGED, r.stopReason());
        assertTrue(r.message().contains("lower the learning rate"), r.message());
        assertTrue(Double.isFinite(r.network().params().sumNumber().doubleValue()));
        assertTrue(r.history().epochs().size() <= 2);
    }

    @Test
    void maxEpochsAndHistoryFiles() {
        MultiLayerNetwork net = Blobs.mlp(3, Blobs.adam());
        TrainingResult r = new Trainer(spec(3, 100)).fit(net, train(), valid());
        assertEquals(StopReason.MAX_EPOCHS, r.stopReason());
        assertEquals(3, r.history().epochs().size());
        r.history().writeCsv(tmp.resolve("history.csv"));
        r.history().writeJson(tmp.resolve("history.json"));
        List<String> csv = readLines(tmp.resolve("history.csv"));
        assertEquals("epoch,train_loss,penalty,val_loss,auc_roc,accuracy,average_precision,learning_rate,seconds,"
                + "examples_per_second", csv.get(0));
        assertEquals(4, csv.size());
    }

    /**
     * Stopping after 2 epochs with a checkpoint and resuming to 4 gives exactly the history and weights of an
     * uninterrupted 4-epoch run: the checkpoint holds the updater state and the per-epoch seeding makes dropout and
     * data order depend only on the epoch.
     */
    @Test
    void resumeContinuesExactlyWhereTheCheckpointLeftOff() {
        TrainingResult straight = new Trainer(spec(4, 100))
                .fit(Blobs.mlp(3, Blobs.adam(), Regularizers.l1(0.01)), train(), valid());

        Path ckpt = tmp.resolve(Checkpoints.FILE_NAME);
        new Trainer(spec(2, 100)).checkpointTo(ckpt)
                .fit(Blobs.mlp(3, Blobs.adam(), Regularizers.l1(0.01)), train(), valid());
        TrainingResult resumed = new Trainer(spec(4, 100)).checkpointTo(ckpt)
                .resume(ckpt, train(), valid());

        assertEquals(2, resumed.resumedFromEpoch());
        assertEquals(4, resumed.history().epochs().size());
        for (int e = 0; e < 4; e++) {
            assertEquals(straight.history().epochs().get(e).trainLoss(), resumed.history().epochs().get(e).trainLoss(),
                    1e-6, "epoch " + e);
            assertEquals(straight.history().epochs().get(e).validation().get("auc_roc"),
                    resumed.history().epochs().get(e).validation().get("auc_roc"), 1e-6, "epoch " + e);
        }
        assertArrayEquals(Blobs.values(straight.network().params()), Blobs.values(resumed.network().params()), 1e-5);
        assertEquals(straight.bestEpoch(), resumed.bestEpoch());
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A checkpoint written under one run key is not continued under another (issue #18: resume, other options). */
    @Test
    void resumeRefusesACheckpointOfAnotherRun() {
        Path ckpt = tmp.resolve("keyed.zip");
        new Trainer(spec(2, 100)).runKey("run-a").checkpointTo(ckpt).logEpochs(false).fit(Blobs.mlp(3, Blobs.adam()),
                train(), valid());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(spec(4, 100)).runKey("run-b").logEpochs(false).resume(ckpt, train(), valid()));
        assertTrue(e.getMessage().contains("run key run-a, this run run-b"), e.getMessage());
        assertEquals(4, new Trainer(spec(4, 100)).runKey("run-a").logEpochs(false).resume(ckpt, train(), valid())
                .history().epochs().size());
    }

    /** Resuming a run whose checkpoint was written when early stopping ended it trains no further epoch. */
    @Test
    void resumeAfterAnEarlyStopTrainsNothing() {
        Path ckpt = tmp.resolve("stopped.zip");
        TrainingResult first = new Trainer(spec(40, 1)).checkpointTo(ckpt).logEpochs(false)
                .fit(Blobs.mlp(3, Blobs.adam()), train(), valid());
        assertEquals(StopReason.NO_IMPROVEMENT, first.stopReason(), "the case needs an early stop: " + first.message());
        TrainingResult resumed = new Trainer(spec(40, 1)).checkpointTo(ckpt).logEpochs(false)
                .resume(ckpt, train(), valid());
        assertEquals(StopReason.NO_IMPROVEMENT, resumed.stopReason());
        assertEquals(first.history().epochs().size(), resumed.history().epochs().size(), "no epoch trained");
        assertEquals(first.bestEpoch(), resumed.bestEpoch());
        assertEquals(first.network().params(), resumed.network().params());
    }
}
