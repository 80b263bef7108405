package io.github.reglab.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.earlystopping.EarlyStopping;
import io.github.reglab.core.internal.LibraryJson;
import io.github.reglab.core.io.ModelArchive;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training checkpoints: one file holding the network with its updater state (and so the iteration and epoch
 * counters that drive learning-rate schedules), the best weights so far, the early-stopping state, the history and
 * the next epoch to run. Written atomically through {@link ModelArchive}, so a crash while writing leaves the
 * previous checkpoint intact.
 */
public final class Checkpoints {

    /** File name of the checkpoint in a run folder. */
    public static final String FILE_NAME = "checkpoint.zip";

    private static final String STATE = "trainer-state.json";
    private static final String BEST = "best-params.bin";
    private static final String AVERAGE = "average-params.bin";

    private Checkpoints() {
    }

    /**
     * What a checkpoint records besides the network.
     *
     * @param nextEpoch the first epoch a resumed run trains
     * @param earlyStopping the early-stopping state
     * @param metrics the validation metric names
     * @param history the epochs trained so far
     * @param runKey what identifies the run that wrote it (see {@link Trainer#runKey(String)}), or null
     */
    public record State(int nextEpoch, EarlyStopping.State earlyStopping, List<String> metrics,
            List<EpochRecord> history, String runKey) {
    }

    /**
     * A checkpoint read back.
     *
     * @param network the network with its updater state
     * @param bestParams the best weights so far
     * @param state the trainer's state
     * @param file the file it was read from
     * @param average the moving average of the weights ({@link WeightAveraging}), or null when the run kept none
     */
    public record Loaded(MultiLayerNetwork network, INDArray bestParams, State state, Path file, INDArray average) {
    }

    /**
     * Writes a checkpoint atomically: the network with its updater state, the best weights and the trainer state.
     *
     * @param file the checkpoint file
     * @param net the network
     * @param bestParams the best weights so far
     * @param state the trainer's state
     */
    public static void write(Path file, MultiLayerNetwork net, INDArray bestParams, State state) {
        write(file, net, bestParams, state, null);
    }

    /**
     * Writes a checkpoint atomically, with the moving average of the weights.
     *
     * @param file the checkpoint file
     * @param net the network
     * @param bestParams the best weights so far
     * @param state the trainer's state
     * @param average the moving average of the weights, or null for none
     */
    public static void write(Path file, MultiLayerNetwork net, INDArray bestParams, State state, INDArray average) {
        Map<String, byte[]> extras = new LinkedHashMap<>();
        try {
            extras.put(STATE, LibraryJson.mapper().writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the trainer state", e);
        }
        extras.put(BEST, ModelArchive.toBytes(bestParams));
        if (average != null) {
            extras.put(AVERAGE, ModelArchive.toBytes(average));
        }
        ModelArchive.write(file, net, ModelArchive.Include.WEIGHTS_AND_UPDATER, extras);
    }

    /**
     * Returns its contents.
     *
     * @param file the checkpoint file
     * @return its contents
     * @throws ModelArchive.InvalidModelException when the file is missing, damaged or not a checkpoint
     */
    public static Loaded read(Path file) {
        ModelArchive.Contents c = ModelArchive.read(file, true);
        try {
            State s = LibraryJson.mapper().readValue(c.text(STATE).getBytes(StandardCharsets.UTF_8), State.class);
            byte[] best = c.extras().get(BEST);
            if (best == null) {
                throw new ModelArchive.InvalidModelException("checkpoint " + file + " lacks the best weights", null);
            }
            byte[] average = c.extras().get(AVERAGE);
            return new Loaded(c.network(), ModelArchive.fromBytes(best, c.network().numParams(), "checkpoint "
                    + file + " best weights"), s, file, average == null ? null
                    : ModelArchive.fromBytes(average, c.network().numParams(), "checkpoint " + file
                            + " average weights"));
        } catch (IOException e) {
            throw new ModelArchive.InvalidModelException("checkpoint " + file + " has an unreadable trainer state: "
                    + e.getMessage(), e);
        }
    }
}
