package io.github.reglab.core.train;

import java.nio.file.Path;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.testing.Blobs;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A training process for {@link CheckpointKillTest} to kill: trains the blob MLP with a checkpoint every epoch and
 * prints {@code EPOCH n} to standard output when epoch n is done. A pause after every epoch makes sure the test can
 * kill it in the middle of training.
 */
public final class TrainChild {

    /** Pause after each epoch. */
    static final long PAUSE_MILLIS = 150;

    private TrainChild() {
    }

    static TrainerSpec spec(int maxEpochs) {
        return TrainerSpec.of(EarlyStoppingSpec.of("auc_roc", maxEpochs).withPatience(1000)).withSeed(11)
                .withCheckpointEvery(1);
    }

    static DataSet train() {
        return Blobs.data(2000, 0.7, 0.3, 21);
    }

    static DataSet valid() {
        return Blobs.data(300, 0.7, 0.3, 22);
    }

    /**
     * @param args checkpoint file, maximum epochs
     */
    public static void main(String[] args) {
        Path ckpt = Path.of(args[0]);
        int maxEpochs = Integer.parseInt(args[1]);
        new Trainer(spec(maxEpochs)).checkpointTo(ckpt).onEpoch(e -> {
            System.out.println("EPOCH " + e.epoch());
            System.out.flush();
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }).fit(Blobs.mlp(5, Blobs.adam(), Regularizers.l2(0.01)), Blobs.iterator(train(), 64),
                Blobs.iterator(valid(), 300));
    }
}
