package io.github.reglab.image;

import io.github.reglab.core.augment.AugmentSpec;
import io.github.reglab.core.augment.ImageAugmenter;
import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.earlystopping.StopReason;
import io.github.reglab.core.metrics.MulticlassMetrics;
import io.github.reglab.core.step.CompiledStep;
import io.github.reglab.core.train.ShuffledMinibatches;
import io.github.reglab.core.train.StepEngine;
import io.github.reglab.core.train.Trainer;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.core.train.TrainingResult;
import io.github.reglab.core.train.ValidationMetrics;
import io.github.reglab.harness.run.CommonOptions;
import io.github.reglab.harness.run.Progress;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains one configuration on the splits and evaluates it: shared by {@code train} and {@code ablation}.
 */
final class ImageTraining {

    /** Images per inference batch. */
    private static final int EVAL_BATCH = 1000;

    private ImageTraining() {
    }

    /**
     * The outcome of one configuration.
     *
     * @param result the trainer's result (best weights restored)
     * @param train metrics on the training part (no augmentation, inference mode)
     * @param test metrics on the test part
     * @param testPredicted the predicted class of every test image
     */
    record Outcome(TrainingResult result, MulticlassMetrics train, MulticlassMetrics test, int[] testPredicted) {
    }

    /**
     * How one configuration is trained, apart from the network and the augmentation.
     *
     * @param epochs the epoch limit
     * @param batch the minibatch size
     * @param patience early stopping's patience in epochs
     * @param maxBatches the batch limit per epoch (0 = none)
     * @param seed the seed of the weights, the order and the augmentation
     * @param engine what runs each training step
     */
    record Schedule(int epochs, int batch, int patience, int maxBatches, long seed, StepEngine engine) {

        /**
         * The schedule the shared command-line options give.
         *
         * @param common the options
         * @param patience early stopping's patience
         * @return the schedule
         */
        static Schedule of(CommonOptions common, int patience) {
            return new Schedule(common.epochs(), common.batchSize(), patience, common.maxBatches(), common.seed(),
                    common.engine());
        }
    }

    static Outcome run(ImageDataOptions.Splits s, CnnSpec spec, AugmentSpec augment, Schedule schedule) {
        long seed = schedule.seed();
        int batch = schedule.batch();
        MultiLayerNetwork net = new MultiLayerNetwork(spec.toDl4j(seed));
        net.init();
        ShuffledMinibatches train = new ShuffledMinibatches(s.train().toDataSet(all(s.train().size())), batch, seed);
        if (augment.enabled()) {
            ImageAugmenter aug = new ImageAugmenter(augment, seed);
            train.setTransform((x, epoch, ids) -> aug.apply(x, spec.layout(), spec.channels(), spec.height(),
                    spec.width(), epoch, ids));
        }
        ShuffledMinibatches validation = new ShuffledMinibatches(s.validation().toDataSet(all(s.validation().size())),
                EVAL_BATCH, null);
        TrainerSpec ts = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.ACCURACY, schedule.epochs())
                        .withPatience(schedule.patience()))
                .withSeed(seed).withMaxBatchesPerEpoch(schedule.maxBatches()).withEngine(schedule.engine());
        Trainer trainer = new Trainer(ts).progress(Progress.training());
        TrainingResult r = trainer.fit(net, train, validation);
        if (r.stopReason() == StopReason.DIVERGED) {
            throw new IllegalStateException("training diverged, so no model was written: " + r.message());
        }
        // the trained network's outputs through a compiled step when it covers the network (DL4J's own output
        // otherwise): the same values, without DL4J's per-call workspaces
        try (CompiledStep inference = schedule.engine() == StepEngine.COMPILED
                && CompiledStep.unsupported(r.network()).isEmpty() ? CompiledStep.of(r.network()) : null) {
            java.util.function.UnaryOperator<INDArray> output = inference != null ? inference::output
                    : x -> r.network().output(x, false);
            int[] testPred = predict(output, s.test());
            return new Outcome(r, MulticlassMetrics.of(s.train().labels(), predict(output, s.train()),
                    s.train().classes()), MulticlassMetrics.of(s.test().labels(), testPred, s.test().classes()),
                    testPred);
        }
    }

    private static int[] predict(java.util.function.UnaryOperator<INDArray> output, ImageSet set) {
        int[] out = new int[set.size()];
        for (int from = 0; from < set.size(); from += EVAL_BATCH) {
            int to = Math.min(set.size(), from + EVAL_BATCH);
            INDArray x = set.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            int[] p = output.apply(x).argMax(1).toIntVector();
            System.arraycopy(p, 0, out, from, p.length);
        }
        return out;
    }

    static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
