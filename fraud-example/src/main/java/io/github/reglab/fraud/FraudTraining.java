package io.github.reglab.fraud;

import java.util.Objects;
import java.util.function.UnaryOperator;

import io.github.reglab.core.earlystopping.StopReason;
import io.github.reglab.core.train.Checkpoints;
import io.github.reglab.core.train.ShuffledMinibatches;
import io.github.reglab.core.train.Trainer;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.core.train.TrainingResult;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a fraud network's configuration and data into a trained model: the adaptive group
 * lasso's ridge pilot when the spec asks for one ({@link AdaptivePilot}), the network (from the pilot's weights and
 * factors, or freshly initialized from the seed), and its training; the unregularized baseline beside it. {@code
 * fraud train} and the cross-validation evaluator both train through it, so a fold trains exactly as the
 * application does.
 *
 * <pre>{@code
 * FraudTraining.Outcome o = new FraudTraining(spec, trainerSpec, seed)
 *         .fit(new FraudTraining.Minibatches(train, validation, 1024, seed), t -> t.checkpointTo(file));
 * }</pre>
 */
public final class FraudTraining {

    private static final Logger LOG = LoggerFactory.getLogger(FraudTraining.class);

    private final FraudNetSpec spec;
    private final TrainerSpec trainerSpec;
    private final long seed;
    private UnaryOperator<Trainer> everyTrainer = UnaryOperator.identity();
    private boolean quiet;

    /**
     * Sets up a training.
     *
     * @param spec the regularized network
     * @param trainerSpec how the regularized network trains (the pilot takes it with its own epochs and no
     *     checkpoints, {@link AdaptivePilot#trainerSpec}; the baseline without checkpoints)
     * @param seed the weight-initialization seed
     */
    public FraudTraining(FraudNetSpec spec, TrainerSpec trainerSpec, long seed) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.trainerSpec = Objects.requireNonNull(trainerSpec, "trainerSpec");
        this.seed = seed;
    }

    /**
     * The data of one training, as minibatches: the training part shuffled from the seed at every epoch, the
     * part the early stopping watches in order.
     *
     * @param train the training rows, standardized
     * @param watched the rows the early stopping (and the pilot's choice of epoch) watches
     * @param batchSize the minibatch size, &ge; 1
     * @param shuffleSeed the seed of the training part's order
     */
    public record Minibatches(DataSet train, DataSet watched, int batchSize, long shuffleSeed) {

        /** Checks the arguments. */
        public Minibatches {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(watched, "watched");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, found " + batchSize);
            }
        }

        ShuffledMinibatches trainPart() {
            return new ShuffledMinibatches(train, batchSize, shuffleSeed);
        }

        ShuffledMinibatches watchedPart() {
            return new ShuffledMinibatches(watched, batchSize, null);
        }
    }

    /**
     * What a training produced.
     *
     * @param result the regularized network's training
     * @param pilot the adaptive group lasso's pilot, or null (plain group lasso, or a resumed run: its pilot ran
     *     before the checkpoint)
     * @param pilotSeconds wall time of the pilot, 0 without one
     * @param trainSeconds wall time of the regularized network's training
     */
    public record Outcome(TrainingResult result, AdaptivePilot pilot, double pilotSeconds, double trainSeconds) {
    }

    /**
     * Sets what every trainer of this training gets (progress bars, listeners), the pilot's and the baseline's too.
     *
     * @param setup applied to each trainer before it trains
     * @return this
     */
    public FraudTraining everyTrainer(UnaryOperator<Trainer> setup) {
        this.everyTrainer = Objects.requireNonNull(setup, "setup");
        return this;
    }

    /**
     * Quiet mode, for code that trains many networks (cross-validation): no per-epoch lines, each stage's outcome
     * at DEBUG instead of INFO, and a diverged stage is returned rather than refused.
     *
     * @return this
     */
    public FraudTraining quiet() {
        this.quiet = true;
        return this;
    }

    /**
     * Trains the pilot when the spec is adaptive, then the regularized network from it (or from the seed).
     *
     * @param data the minibatches
     * @param mainTrainer applied to the regularized network's trainer only (checkpoints, run key)
     * @return the outcome
     * @throws IllegalStateException when a stage diverges (not in {@link #quiet()} mode)
     */
    public Outcome fit(Minibatches data, UnaryOperator<Trainer> mainTrainer) {
        long t0 = System.nanoTime();
        AdaptivePilot pilot = null;
        if (spec.adaptive()) {
            pilot = AdaptivePilot.fit(spec, seed, trainer(AdaptivePilot.trainerSpec(trainerSpec,
                    spec.penalties().adaptiveWeights())), data.trainPart(), data.watchedPart());
            report("Adaptive group lasso pilot (ridge, L2 " + spec.penalties().adaptiveWeights().pilotL2() + ")", "the adaptive "
                    + "group lasso's pilot", pilot.result());
        }
        long t1 = System.nanoTime();
        MultiLayerNetwork net;
        if (pilot != null) {
            net = pilot.regularizedNetwork(spec, seed);
        } else {
            net = new MultiLayerNetwork(spec.toDl4j(seed));
            net.init();
        }
        TrainingResult result = mainTrainer.apply(trainer(trainerSpec)).fit(net, data.trainPart(),
                data.watchedPart());
        report("Regularized model", "the regularized model", result);
        return new Outcome(result, pilot, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    /**
     * Continues the regularized network from a checkpoint (the pilot, if any, ran before it).
     *
     * @param checkpoint the checkpoint, read
     * @param data the minibatches, as the interrupted run had them
     * @param mainTrainer applied to the trainer (checkpoints, run key)
     * @return the outcome, without a pilot
     * @throws IllegalStateException when the training diverges (not in {@link #quiet()} mode)
     */
    public Outcome resume(Checkpoints.Loaded checkpoint, Minibatches data, UnaryOperator<Trainer> mainTrainer) {
        long t0 = System.nanoTime();
        TrainingResult result = mainTrainer.apply(trainer(trainerSpec)).resume(checkpoint, data.trainPart(),
                data.watchedPart());
        report("Regularized model", "the regularized model", result);
        return new Outcome(result, null, 0, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Trains the same network without any regularization ({@link FraudNetSpec#unregularized()}), from the same
     * seed, on the same minibatches, without checkpoints.
     *
     * @param data the minibatches
     * @param baselineTrainer applied to the baseline's trainer only (a dashboard listener)
     * @return the baseline's training
     * @throws IllegalStateException when it diverges (not in {@link #quiet()} mode)
     */
    public TrainingResult fitBaseline(Minibatches data, UnaryOperator<Trainer> baselineTrainer) {
        MultiLayerNetwork net = new MultiLayerNetwork(spec.unregularized().toDl4j(seed));
        net.init();
        TrainingResult result = baselineTrainer.apply(trainer(trainerSpec.withCheckpointEvery(
                TrainerSpec.NO_CHECKPOINTS))).fit(net, data.trainPart(), data.watchedPart());
        report("Baseline", "the unregularized baseline", result);
        return result;
    }

    private Trainer trainer(TrainerSpec s) {
        return everyTrainer.apply(new Trainer(s).logEpochs(!quiet));
    }

    /** Logs a stage's outcome; a diverged stage is a failed run (exit 1, the reason in the manifest). */
    private void report(String label, String which, TrainingResult r) {
        if (quiet) {
            LOG.debug("{}: {}", label, r.message());
            return;
        }
        LOG.info("{}: {}", label, r.message());
        if (r.stopReason() == StopReason.DIVERGED) {
            throw new IllegalStateException("training of " + which + " diverged, so no model was written: "
                    + r.message());
        }
    }
}
