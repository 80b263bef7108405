package io.github.reglab.core.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.reglab.core.earlystopping.EarlyStopping;
import io.github.reglab.core.earlystopping.StopReason;
import io.github.reglab.core.regularization.UpdaterMetric;
import io.github.reglab.core.step.CompiledStep;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link MultiLayerNetwork} epoch by epoch with early stopping, recording per epoch the training data
 * loss and the regularization penalty separately, penalty-free validation metrics, the learning rate, wall time
 * and throughput.
 *
 * <p>What it does that DL4J's {@code EarlyStoppingTrainer} does not: Keras's stopping semantics (baseline,
 * warm-up, min/max); the best weights restored into the network (DL4J leaves the last epoch's); a best score that
 * is not 0.0 (DL4J issue #10191); exceptions propagate instead of becoming {@code TerminationReason.Error}; a NaN
 * or infinite loss stops at once with remedies in the message; validation metrics without the penalty.
 *
 * <pre>{@code
 * TrainerSpec spec = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AVERAGE_PRECISION, 50).withPatience(5))
 *         .withSeed(42);
 * TrainingResult r = new Trainer(spec).checkpointTo(runDir.resolve("checkpoint.zip")).fit(net, train, validation);
 * }</pre>
 *
 * <p>Each minibatch is trained by the {@link CompiledStep} ({@link StepEngine#COMPILED}, the default: the same
 * result as DL4J's {@code fit} in a third of its time on the fraud network) where it covers the network, and by DL4J's
 * {@code fit} otherwise or when {@link TrainerSpec#withEngine} asks for it. With the compiled step, validation runs
 * through it too ({@link CompiledStep#output}: DL4J's outputs, in chunks of the training minibatch on the step's
 * buffers).
 *
 * <p>Only {@link MultiLayerNetwork} is supported. A {@code ComputationGraph} has several inputs and outputs,
 * which the single-output validation metrics and checkpoints here do not describe; train it with DL4J's
 * {@code EarlyStoppingGraphTrainer}, or express the network as a {@code MultiLayerConfiguration}.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainerSpec spec;
    private Path checkpoint;
    private Consumer<EpochRecord> onEpoch = e -> { };
    private TrainingProgress progress = TrainingProgress.none();
    private boolean logEpochs = true;
    private String runKey;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private long lastEpochBatches = -1;
    /** The moving average of the weights ({@link TrainerSpec#weightAveraging()}) in the run under way, or null. */
    private INDArray average;

    /**
     * Creates a trainer.
     *
     * @param spec how to train
     */
    public Trainer(TrainerSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /**
     * Sets where checkpoints go.
     *
     * @param file where to write checkpoints (every {@code spec.checkpointEvery()} epochs), or null for none
     * @return this
     */
    public Trainer checkpointTo(Path file) {
        this.checkpoint = file;
        return this;
    }

    /**
     * Sets the per-epoch callback.
     *
     * @param listener called after every epoch with its record
     * @return this
     */
    public Trainer onEpoch(Consumer<EpochRecord> listener) {
        this.onEpoch = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Adds DL4J listeners.
     *
     * @param added DL4J listeners to add to the network this trainer trains (the fitted one or the one a resume
     *     restores), e.g. a training dashboard's
     * @return this
     */
    public Trainer listeners(TrainingListener... added) {
        listeners.addAll(List.of(added));
        return this;
    }

    /**
     * Sets the receiver of progress within epochs.
     *
     * @param receiver gets every minibatch's loss; {@link TrainingProgress#none()} (the default) for nothing
     * @return this
     */
    public Trainer progress(TrainingProgress receiver) {
        this.progress = Objects.requireNonNull(receiver, "receiver");
        return this;
    }

    /**
     * Sets what identifies this run in its checkpoints: a resume is refused unless the checkpoint carries the same
     * key. Applications pass a digest of their options and data, so a checkpoint is never continued under other
     * settings.
     *
     * @param key the key, or null (the default) for no check
     * @return this
     */
    public Trainer runKey(String key) {
        this.runKey = key;
        return this;
    }

    /**
     * Sets whether each epoch's summary is logged (INFO, logger {@code io.github.reglab.core.train.Trainer}).
     *
     * @param enabled true (the default) for one line per epoch; false for code that trains many networks, such as
     *     cross-validation, where those lines would drown the rest
     * @return this
     */
    public Trainer logEpochs(boolean enabled) {
        this.logEpochs = enabled;
        return this;
    }

    /**
     * Trains from the network's current weights. Early-stopping state starts fresh (Keras's {@code on_train_begin}).
     *
     * @param net the network; mutated, and returned in the result
     * @param train the training data; reset at every epoch
     * @param validation the validation data
     * @return the result
     */
    public TrainingResult fit(MultiLayerNetwork net, DataSetIterator train, DataSetIterator validation) {
        EarlyStopping es = new EarlyStopping(spec.earlyStopping());
        return run(net, net.params().dup(), null, es, new ArrayList<>(), 0, train, validation);
    }

    /**
     * Continues from a checkpoint written by an earlier run with the same spec and data.
     *
     * @param file the checkpoint
     * @param train the training data
     * @param validation the validation data
     * @return the result; {@code resumedFromEpoch} says where it continued
     */
    public TrainingResult resume(Path file, DataSetIterator train, DataSetIterator validation) {
        return resume(Checkpoints.read(file), train, validation);
    }

    /**
     * Continues from a checkpoint already read (by a caller that checked it before doing anything else).
     *
     * @param c the checkpoint
     * @param train the training data
     * @param validation the validation data
     * @return the result; {@code resumedFromEpoch} says where it continued
     */
    public TrainingResult resume(Checkpoints.Loaded c, DataSetIterator train, DataSetIterator validation) {
        Path file = c.file();
        if (!c.state().metrics().equals(spec.metrics())) {
            throw new IllegalArgumentException("checkpoint " + file + " recorded metrics " + c.state().metrics()
                    + " but this run asks for " + spec.metrics() + "; resume with the same settings");
        }
        if (runKey != null && !runKey.equals(c.state().runKey())) {
            throw new IllegalArgumentException("checkpoint " + file + " was written by a run with other settings or "
                    + "data (run key " + c.state().runKey() + ", this run " + runKey + "); resume with the same ones");
        }
        EarlyStopping es = new EarlyStopping(spec.earlyStopping());
        es.restore(c.state().earlyStopping());
        LOG.info("Resuming from {} at epoch {}", file, c.state().nextEpoch());
        if ((c.average() != null) != (spec.weightAveraging() != null)) {
            throw new IllegalArgumentException("checkpoint " + c.file() + (c.average() != null ? " holds" : " lacks")
                    + " a moving average of the weights but this run " + (c.average() != null ? "keeps none"
                    : "keeps one") + "; resume with the same settings");
        }
        return run(c.network(), c.bestParams(), c.average(), es, new ArrayList<>(c.state().history()),
                c.state().nextEpoch(), train, validation);
    }

    private TrainingResult run(MultiLayerNetwork net, INDArray bestParams, INDArray startAverage, EarlyStopping es,
            List<EpochRecord> history, int startEpoch, DataSetIterator train, DataSetIterator validation) {
        this.average = startAverage;
        // adaptive proximal regularizers follow Adam's metric: connect them to this network's updater state
        UpdaterMetric.bind(net);
        if (!listeners.isEmpty()) {
            net.addListeners(listeners.toArray(TrainingListener[]::new));
        }
        warnIfTheAverageCannotForget(train);
        // the step's native buffers go when training ends, not whenever the collector finds them (an application
        // that trains several networks one after another would otherwise hold all their buffers)
        try (CompiledStep step = compiledStep(net)) {
            return trainEpochs(net, step, bestParams, es, history, startEpoch, train, validation);
        }
    }

    private TrainingResult trainEpochs(MultiLayerNetwork net, CompiledStep step, INDArray bestParams,
            EarlyStopping es, List<EpochRecord> history, int startEpoch, DataSetIterator train,
            DataSetIterator validation) {
        long started = System.nanoTime();
        Duration maxDuration = spec.earlyStopping().maxDuration();
        StopReason reason = StopReason.MAX_EPOCHS;
        String message = null;
        INDArray best = bestParams;
        int epoch = startEpoch;
        boolean alreadyStopped = stoppedBefore(startEpoch, es);
        if (alreadyStopped) {
            reason = StopReason.NO_IMPROVEMENT;
        }
        for (; !alreadyStopped && epoch < spec.earlyStopping().maxEpochs(); epoch++) {
            Nd4j.getRandom().setSeed(Seeds.nd4j(spec.seed() + epoch));
            long t0 = System.nanoTime();
            double[] loss = trainOneEpoch(net, step, train, epoch);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            averageAfterEpoch(net, step, train, epoch);
            double trainLoss = loss[0];
            double penalty = net.calcRegularizationScore(true);
            Validated v = validate(net, step, validation, divergence(trainLoss, penalty));
            String divergence = v.divergence();
            Map<String, Double> metrics = v.metrics();
            EpochRecord rec = new EpochRecord(epoch, trainLoss, penalty, metrics, learningRate(net),
                    (System.nanoTime() - t0) / 1e9, trainSeconds > 0 ? loss[1] / trainSeconds : 0);
            history.add(rec);
            onEpoch.accept(rec);
            if (divergence != null) {
                reason = StopReason.DIVERGED;
                message = divergedMessage(epoch, divergence, es);
                LOG.warn(message);
                epoch++;
                break;
            }
            double monitored = metrics.get(spec.earlyStopping().monitor());
            EarlyStopping.Decision d = es.onEpochEnd(epoch, monitored);
            if (d.improved()) {
                best = validated(net).dup();
            }
            logEpoch(rec, monitored, d.improved());
            boolean outOfTime = maxDuration != null && System.nanoTime() - started >= maxDuration.toNanos();
            maybeCheckpoint(net, best, es, history, epoch,
                    d.stop() || epoch + 1 >= spec.earlyStopping().maxEpochs() || outOfTime);
            if (d.stop()) {
                reason = StopReason.NO_IMPROVEMENT;
                epoch++;
                break;
            }
            if (outOfTime) {
                reason = StopReason.MAX_DURATION;
                epoch++;
                break;
            }
        }
        return finish(net, best, es, history, startEpoch, reason,
                message != null ? message : stopMessage(reason, epoch - 1, es));
    }

    private void logEpoch(EpochRecord rec, double monitored, boolean improved) {
        if (logEpochs && LOG.isInfoEnabled()) {
            LOG.info(String.format(Locale.ROOT, "epoch %d: train loss %.5f, penalty %.5f, %s %.5f%s (%.1f s)",
                    rec.epoch(), rec.trainLoss(), rec.penalty(), spec.earlyStopping().monitor(), monitored,
                    improved ? " *" : "", rec.seconds()));
        }
    }

    /** Leaves the best weights (or the average) in the network and reports the run. */
    private TrainingResult finish(MultiLayerNetwork net, INDArray best, EarlyStopping es, List<EpochRecord> history,
            int startEpoch, StopReason reason, String message) {
        if (spec.earlyStopping().restoreBestWeights() || reason == StopReason.DIVERGED) {
            net.setParams(best);
        } else if (validated(net) != net.params()) {
            net.setParams(average);
        }
        return new TrainingResult(net, new TrainingHistory(spec.metrics(), history), es.bestEpoch(),
                es.bestEpoch() >= 0 ? es.best() : Double.NaN, reason, message, startEpoch);
    }

    /**
     * Whether a run resumed from a checkpoint had already stopped early: the checkpoint was written at the epoch
     * whose patience ran out, so there is nothing left to train.
     */
    private static boolean stoppedBefore(int startEpoch, EarlyStopping es) {
        boolean stopped = startEpoch > 0 && es.exhausted() && es.bestEpoch() != startEpoch - 1;
        if (stopped) {
            LOG.info("The checkpoint's run had stopped early after epoch {}; nothing left to train", startEpoch - 1);
        }
        return stopped;
    }

    /**
     * SWA's end-of-epoch update: the average takes in the epoch's weights, then gets batch-normalization statistics
     * of its own, recomputed on the training data with the average in the network (the network's weights are put
     * back after): by the compiled step's forward pass when it trains, else by DL4J's.
     */
    private void averageAfterEpoch(MultiLayerNetwork net, CompiledStep step, DataSetIterator train, int epoch) {
        WeightAveraging wa = spec.weightAveraging();
        if (wa == null) {
            return;
        }
        average = wa.afterEpoch(average, net.params(), epoch);
        if (wa.recomputesStatisticsAfter(epoch) && BatchNormStatistics.present(net)) {
            withAverageInNetwork(net, () -> {
                if (step != null) {
                    step.recomputeBatchNormStatistics(train, spec.maxBatchesPerEpoch());
                } else {
                    BatchNormStatistics.recompute(net, train, spec.maxBatchesPerEpoch());
                }
                average.assign(net.params());
                return null;
            });
        }
    }

    /**
     * Runs {@code body} with the average in the network's own parameter arrays (so the compiled step's views see it
     * too), then puts the network's weights back.
     */
    private <T> T withAverageInNetwork(MultiLayerNetwork net, Supplier<T> body) {
        INDArray raw = net.params().dup();
        net.params().assign(average);
        try {
            return body.get();
        } finally {
            net.params().assign(raw);
        }
    }

    /**
     * The weights validation, early stopping and the result use: the average when the spec validates it and one
     * exists, else the network's own.
     */
    private INDArray validated(MultiLayerNetwork net) {
        WeightAveraging wa = spec.weightAveraging();
        return wa != null && wa.validateAverage() && average != null ? average : net.params();
    }

    /** Writes the checkpoint every {@code checkpointEvery} epochs and at the run's last epoch. */
    private void maybeCheckpoint(MultiLayerNetwork net, INDArray best, EarlyStopping es, List<EpochRecord> history,
            int epoch, boolean last) {
        if (checkpoint != null && spec.checkpointEvery() > 0
                && ((epoch + 1) % spec.checkpointEvery() == 0 || last)) {
            Checkpoints.write(checkpoint, net, best, new Checkpoints.State(epoch + 1, es.state(), spec.metrics(),
                    history, runKey), average);
        }
    }

    /** One epoch's validation: its metrics, or why training diverged (then no metrics). */
    private record Validated(Map<String, Double> metrics, String divergence) {
    }

    /**
     * Validates unless training already diverged: the compiled step infers on its own buffers, in chunks of the
     * training minibatch (DL4J's output would size its workspaces for the validation batch).
     */
    private Validated validate(MultiLayerNetwork net, CompiledStep step, DataSetIterator validation,
            String divergence) {
        if (divergence != null) {
            return new Validated(Map.of(), divergence);
        }
        Supplier<ValidationMetrics.Predictions> predict = () -> step != null
                ? ValidationMetrics.predict(net, validation, step::output) : ValidationMetrics.predict(net, validation);
        ValidationMetrics.Predictions p = validated(net) != net.params() ? withAverageInNetwork(net, predict)
                : predict.get();
        if (!Double.isFinite(p.meanLoss()) || !allFinite(p.probabilities())) {
            return new Validated(Map.of(), "validation outputs are NaN or infinite");
        }
        return new Validated(ValidationMetrics.compute(p, spec.metrics()), null);
    }

    private static String divergedMessage(int epoch, String divergence, EarlyStopping es) {
        return String.format(Locale.ROOT, "training diverged at epoch %d (%s): lower the learning rate (e.g. by 10x), "
                + "enable gradient clipping (gradientNormalization ClipL2PerLayer) or reduce the regularization "
                + "strength; %s", epoch, divergence, es.bestEpoch() >= 0
                ? "the weights of the best epoch " + es.bestEpoch() + " were kept"
                : "no epoch completed, so the initial weights were kept");
    }

    private String stopMessage(StopReason reason, int lastEpoch, EarlyStopping es) {
        return switch (reason) {
            case NO_IMPROVEMENT -> String.format(Locale.ROOT, "stopped after epoch %d: %s did not improve for %d "
                    + "epoch(s); best epoch %d", lastEpoch, spec.earlyStopping().monitor(),
                    spec.earlyStopping().patience(), es.bestEpoch());
            case MAX_DURATION -> "stopped after epoch " + lastEpoch + ": maximum duration "
                    + spec.earlyStopping().maxDuration() + " reached";
            default -> "trained the maximum of " + spec.earlyStopping().maxEpochs() + " epochs; best epoch "
                    + es.bestEpoch();
        };
    }

    /**
     * Chooses what runs each step: the compiled step when the spec asks for it and it covers the network, else
     * DL4J's {@code fit} (with one line saying why).
     *
     * @return the compiled step, or null for DL4J's path
     */
    private CompiledStep compiledStep(MultiLayerNetwork net) {
        CompiledStep step = null;
        if (spec.engine() == StepEngine.COMPILED) {
            Optional<String> why = CompiledStep.unsupported(net);
            if (why.isEmpty() && !net.getListeners().isEmpty()) {
                why = Optional.of("DL4J listeners are attached, and they receive every callback only there");
            }
            if (why.isEmpty()) {
                step = CompiledStep.of(net, spec.batchNormBackward());
            } else {
                LOG.info("Training with DL4J's fit instead of the compiled step: {}", why.get());
            }
        }
        if (step == null) {
            Dl4jConvolutionCheck.refuseBrokenHelpers(net);
        }
        return step;
    }

    /**
     * Returns {mean data loss, examples}.
     *
     * @return {mean data loss, examples}
     */
    private double[] trainOneEpoch(MultiLayerNetwork net, CompiledStep step, DataSetIterator train, int epoch) {
        if (train instanceof ShuffledMinibatches shuffled) {
            shuffled.setEpoch(epoch);
        }
        train.reset();
        double lossSum = 0;
        long examples = 0;
        int batches = 0;
        long total = batchesPerEpoch(train);
        try (TrainingProgress.Epoch bar = progress.startEpoch(epoch, total)) {
            while (train.hasNext() && (spec.maxBatchesPerEpoch() == 0 || batches < spec.maxBatchesPerEpoch())) {
                DataSet ds = train instanceof ShuffledMinibatches s ? s.nextReusing() : train.next();
                double dataLoss;
                if (step != null && ds.getFeaturesMaskArray() == null) {
                    dataLoss = step.fit(ds);
                } else {
                    // The score DL4J reports for a minibatch includes the penalty of the weights before the update.
                    double penaltyBefore = net.calcRegularizationScore(true);
                    net.fit(ds);
                    dataLoss = net.score() - penaltyBefore;
                }
                if (spec.weightAveraging() != null) {
                    average = spec.weightAveraging().afterStep(average, net.params());
                }
                int n = ds.numExamples();
                lossSum += dataLoss * n;
                examples += n;
                batches++;
                bar.batch(dataLoss);
                if (!Double.isFinite(dataLoss)) {
                    break;
                }
            }
        }
        net.incrementEpochCount();
        if (examples == 0) {
            throw new IllegalArgumentException("the training data is empty");
        }
        lastEpochBatches = batches;
        return new double[] {lossSum / examples, examples};
    }

    /**
     * An EMA without bias correction (PyTorch's) weighs its starting copy, the initial weights, by {@code d^t} after
     * t steps: with decay 0.999 that is still 37 % after 1,000 steps. A run too short for its decay returns a network
     * close to its initialization, so it says so, once, with the fix.
     */
    private void warnIfTheAverageCannotForget(DataSetIterator train) {
        WeightAveraging wa = spec.weightAveraging();
        long perEpoch = batchesPerEpoch(train);
        if (wa == null || wa.kind() != WeightAveraging.Kind.EMA || perEpoch <= 0) {
            return;
        }
        long steps = perEpoch * spec.earlyStopping().maxEpochs();
        double initialWeight = Math.pow(wa.decay(), steps);
        if (initialWeight > 0.01) {
            LOG.warn(String.format(Locale.ROOT, "the weight average (EMA decay %s) still holds %.0f %% of the initial "
                    + "weights after this run's %d steps: its result will be close to an untrained network; lower "
                    + "the decay to %.4f or less, or train longer", wa.decay(), 100 * initialWeight, steps,
                    Math.pow(0.01, 1.0 / steps)));
        }
    }

    /** The minibatches of an epoch: known for {@link ShuffledMinibatches}, else the last epoch's count, or -1. */
    private long batchesPerEpoch(DataSetIterator train) {
        long n = train instanceof ShuffledMinibatches s ? s.batchesPerEpoch() : lastEpochBatches;
        return spec.maxBatchesPerEpoch() > 0 && n > 0 ? Math.min(n, spec.maxBatchesPerEpoch()) : n;
    }

    private String divergence(double trainLoss, double penalty) {
        if (!Double.isFinite(trainLoss)) {
            return "training loss is " + trainLoss;
        }
        if (!Double.isFinite(penalty)) {
            return "regularization penalty is " + penalty;
        }
        Double threshold = spec.earlyStopping().divergenceThreshold();
        if (threshold != null && trainLoss > threshold) {
            return String.format(Locale.ROOT, "training loss %.4g exceeds the divergence threshold %.4g", trainLoss,
                    threshold);
        }
        return null;
    }

    /** Outputs are probabilities, so their sum is finite exactly when every output is. */
    private static boolean allFinite(INDArray a) {
        return Double.isFinite(a.sumNumber().doubleValue());
    }

    private static double learningRate(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer l = net.getLayer(i);
            if (l.numParams() > 0) {
                Double lr = net.getLearningRate(i);
                if (lr != null) {
                    return lr;
                }
            }
        }
        return Double.NaN;
    }
}
