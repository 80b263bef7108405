package io.github.reglab.image;

import java.util.List;
import java.util.Locale;

import io.github.reglab.core.augment.AugmentSpec;
import io.github.reglab.core.augment.BatchMixing;
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
import io.github.reglab.core.train.WeightAveraging;
import io.github.reglab.harness.run.CommonOptions;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.Progress;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
     * @param averaging the moving average of the weights that is validated and kept, or null for none
     */
    record Schedule(int epochs, int batch, int patience, int maxBatches, long seed, StepEngine engine,
            WeightAveraging averaging) {

        /**
         * The schedule the shared command-line options give.
         *
         * @param common the options
         * @param model the model options (patience, weight averaging)
         * @return the schedule
         */
        static Schedule of(CommonOptions common, ModelOptions model) {
            return new Schedule(common.epochs(), common.batchSize(), model.patience, common.maxBatches(),
                    common.seed(), common.engine(), model.averaging(common.epochs()));
        }

        /**
         * @param value the weight averaging, or null for none
         * @return this schedule with other weight averaging
         */
        Schedule withAveraging(WeightAveraging value) {
            return new Schedule(epochs, batch, patience, maxBatches, seed, engine, value);
        }
    }

    static Outcome run(ImageDataOptions.Splits s, CnnSpec spec, AugmentSpec augment, BatchMixing.Spec mixing,
            Schedule schedule) {
        long seed = schedule.seed();
        int batch = schedule.batch();
        MultiLayerNetwork net = new MultiLayerNetwork(spec.toDl4j(seed));
        net.init();
        ShuffledMinibatches train = new ShuffledMinibatches(s.train().toDataSet(all(s.train().size())), batch, seed);
        if (augment.enabled()) {
            ImageAugmenter aug = new ImageAugmenter(augment, seed);
            train.setTransform((x, epoch, ids) -> aug.apply(x, spec.input().layout(), spec.input().channels(),
                    spec.input().height(), spec.input().width(), epoch, ids));
        }
        if (mixing != null) {
            CnnSpec.Input in = spec.input();
            train.setMixing(mixing.build(seed, in.channels(), in.height(), in.width(), in.layout()));
        }
        ShuffledMinibatches validation = new ShuffledMinibatches(s.validation().toDataSet(all(s.validation().size())),
                EVAL_BATCH, null);
        TrainerSpec ts = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.ACCURACY, schedule.epochs())
                        .withPatience(schedule.patience()))
                .withSeed(seed).withMaxBatchesPerEpoch(schedule.maxBatches()).withEngine(schedule.engine())
                .withWeightAveraging(schedule.averaging());
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

    private static final double MIB = 1024.0 * 1024;

    /**
     * Refuses a network or minibatch that cannot fit beside the data, before the run starts and before any of it is
     * allocated: first the parameters with their gradients and updater state, counted from the configuration (the
     * first dense layer's weights grow with the image); then the step's native buffers ({@link CompiledStep#bufferBytes}, sized from the layers' types
     * without running the network; DL4J's own path needs more) plus the images loaded, against the off-heap limit
     * (where ND4J keeps its arrays), or the physical memory when there is none. Large images with the default batch
     * otherwise took gigabytes and ended in {@code std::bad_alloc}.
     *
     * @param spec the network
     * @param s the loaded splits
     * @param batch the minibatch size
     * @throws io.github.reglab.harness.run.OptionChecks.BadOptionException naming {@code --batch-size}, the sizes
     *     and the limit, with the largest batch that fits
     */
    static void checkStepFits(CnnSpec spec, ImageDataOptions.Splits s, int batch) {
        ImageSet train = s.train();
        long data = 0;
        for (ImageSet part : List.of(train, s.validation(), s.test())) {
            data += part.features().length() * part.features().dataType().width();
        }
        long limit = org.bytedeco.javacpp.Pointer.maxBytes();
        long total = limit > 0 ? limit : org.bytedeco.javacpp.Pointer.availablePhysicalBytes() + data;
        // the parameters first, from the configuration: a large image makes the first dense layer's weights huge
        MultiLayerConfiguration conf = spec.toDl4j(0);
        long params = 0;
        long parameterBytes = 0;
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            org.deeplearning4j.nn.conf.layers.Layer l = layer.getLayer();
            long p = l.initializer().numParams(layer);
            if (p > 0) {
                long state = l.getUpdaterByParam(l.initializer().paramKeys(l).get(0)).stateSize(p);
                params += p;
                parameterBytes += (2 * p + state) * Float.BYTES; // weights, gradients, updater state
            }
        }
        if (parameterBytes + data > total) {
            throw new OptionChecks.BadOptionException(String.format(Locale.ROOT, "the network on %dx%dx%d images has "
                    + "%,d parameters: %.0f MiB with their gradients and updater state, beside %.0f MiB of images, "
                    + "more than the %.0f MiB %s; lower --height/--width (the first dense layer's input grows with "
                    + "the image), --dense or --filters, or raise the limit (-Dorg.bytedeco.javacpp.maxbytes, "
                    + "JAVA_OPTS for ./suite)", train.channels(), train.height(), train.width(), params,
                    parameterBytes / MIB, data / MIB, total / MIB, limit > 0 ? "off-heap limit"
                    : "of physical memory available"));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        if (CompiledStep.unsupported(net).isPresent() || train.size() == 0) {
            return;
        }
        long perExample;
        try (CompiledStep probe = CompiledStep.of(net)) {
            perExample = probe.bufferBytes(train.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()), 1);
        }
        data += parameterBytes;
        long free = total - data;
        if (perExample * batch > free) {
            long fits = Math.max(0, free / perExample);
            throw new OptionChecks.BadOptionException(String.format(Locale.ROOT, "a training step of --batch-size %d "
                    + "images of %dx%dx%d needs %.0f MiB of native buffers (%.1f MiB per image), more than the %.0f "
                    + "MiB the %.0f MiB of images and parameters leave of the %.0f MiB %s; %s, lower --height/--width, "
                    + "or raise the "
                    + "limit (-Dorg.bytedeco.javacpp.maxbytes, JAVA_OPTS for ./suite)", batch, train.channels(),
                    train.height(), train.width(), perExample * (double) batch / MIB, perExample / MIB,
                    Math.max(0, free) / MIB, data / MIB, (free + data) / MIB,
                    limit > 0 ? "off-heap limit" : "of physical memory available",
                    fits > 0 ? "use --batch-size " + fits + " or less" : "not even one image fits"));
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
