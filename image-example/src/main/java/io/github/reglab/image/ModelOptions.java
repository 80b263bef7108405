package io.github.reglab.image;

import io.github.reglab.core.augment.AugmentSpec;
import io.github.reglab.core.augment.BatchMixing;
import io.github.reglab.core.augment.RandomErasing;
import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.train.WeightAveraging;
import io.github.reglab.harness.run.LearningRateOptions;
import io.github.reglab.harness.run.OptionChecks;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The network and regularization options (picocli mixin).
 */
public final class ModelOptions {

    @Option(names = "--blocks", defaultValue = "2", description = "Convolution blocks. Default: ${DEFAULT-VALUE}.")
    int blocks = 2;

    @Option(names = "--convs", defaultValue = "2", description = "Convolutions per block (each 3x3, with batch "
            + "norm and ReLU). Default: ${DEFAULT-VALUE}.")
    int convs = 2;

    @Option(names = "--filters", defaultValue = "32", description = "Filters of the first block (doubled per "
            + "block). Default: ${DEFAULT-VALUE}.")
    int filters = 32;

    @Option(names = "--dense", defaultValue = "1024", description = "Dense units. Default: ${DEFAULT-VALUE}.")
    int dense = 1024;

    @Option(names = "--dropout", defaultValue = "0.25", description = "Dropout drop rate, in [0, 1). "
            + "Default: ${DEFAULT-VALUE}.")
    double dropout = 0.25;

    @Option(names = "--l2", defaultValue = "1e-4", description = "L2 on all weights (DL4J scale 0.5·λ·‖w‖²). "
            + "Default: ${DEFAULT-VALUE}.")
    double l2 = 1e-4;

    @Option(names = "--spatial-dropout", defaultValue = "0", paramLabel = "R", description = "Spatial dropout after "
            + "each block's pooling: whole feature maps dropped with probability R per example (PyTorch's Dropout2d, "
            + "Keras's SpatialDropout2D); 0 switches it off. Default: ${DEFAULT-VALUE}.")
    double spatialDropout = 0;

    @Option(names = "--gaussian-dropout", description = "Make the dropout Gaussian: activations multiplied by noise "
            + "from N(1, r/(1 - r)) for --dropout r, instead of zeroed.")
    boolean gaussianDropout;

    @Option(names = "--max-norm", defaultValue = "0", paramLabel = "C", description = "Max-norm constraint: after "
            + "every update each unit's incoming weights (a filter, a dense column) are scaled down to L2 norm C when "
            + "longer (Keras MaxNorm); 0 switches it off. Default: ${DEFAULT-VALUE}.")
    double maxNorm = 0;

    @Option(names = "--label-smoothing", defaultValue = "0.1", paramLabel = "EPS", description = "Label smoothing of "
            + "the cross-entropy: targets (1 - EPS)·y + EPS/K for K classes (PyTorch's label_smoothing); accuracy "
            + "is still measured on the plain labels; 0 switches it off. Default: ${DEFAULT-VALUE}.")
    double labelSmoothing = 0.1;

    @Option(names = "--batch-norm", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Batch normalization after each convolution (--no-batch-norm to leave it out). "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean batchNorm = true;

    @Option(names = "--stock-batch-norm", description = "Use DL4J's own BatchNormalization layer instead of this "
            + "project's fused one (same function, slower; for comparisons).")
    boolean stockBatchNorm;

    @Mixin
    LearningRateOptions rate = new LearningRateOptions(1e-3, LearningRateOptions.Schedule.COSINE, 0);

    @Option(names = "--augment", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Augment training images (--no-augment to switch off). Default: ${DEFAULT-VALUE}.")
    boolean augment = true;

    @Option(names = "--flip", defaultValue = "0.5", description = "Probability of a horizontal flip. "
            + "Default: ${DEFAULT-VALUE}.")
    double flip = 0.5;

    @Option(names = "--rotation", defaultValue = "0", description = "Largest rotation in degrees (either way), "
            + "applied with probability 0.5. Default: ${DEFAULT-VALUE}.")
    double rotation = 0;

    @Option(names = "--zoom", defaultValue = "0.05", description = "Zoom range ±z (factor in [1-z, 1+z], output "
            + "size kept), probability 0.5. Default: ${DEFAULT-VALUE}.")
    double zoom = 0.05;

    @Option(names = "--brightness", defaultValue = "0.1", description = "Brightness range ±b (factor in "
            + "[1-b, 1+b], clipped to [0, 1]), probability 0.5. Default: ${DEFAULT-VALUE}.")
    double brightness = 0.1;

    @Option(names = "--shift", defaultValue = "0", description = "Largest translation in whole pixels along each "
            + "axis (offsets uniform in [-s, s]), probability 0.5. Default: ${DEFAULT-VALUE}.")
    int shift = 0;

    @Option(names = "--erasing", defaultValue = "0.5", paramLabel = "P", description = "Random erasing with probability "
            + "P (torchvision's RandomErasing: a rectangle of 2-33 %% of the image, aspect 0.3-3.3, set to 0), "
            + "after the other transforms; 0 switches it off. Default: ${DEFAULT-VALUE}.")
    double erasing = 0.5;

    @Option(names = "--mixup", defaultValue = "0", paramLabel = "ALPHA", description = "Mixup of training "
            + "minibatches (torchvision's MixUp): images and labels mixed with a permutation of the minibatch, weight "
            + "λ ~ Beta(ALPHA, ALPHA); 0 switches it off. Default: ${DEFAULT-VALUE}.")
    double mixup = 0;

    @Option(names = "--cutmix", defaultValue = "0", paramLabel = "ALPHA", description = "CutMix of training "
            + "minibatches (torchvision's CutMix): a box of (1 - λ) of the image, λ ~ Beta(ALPHA, ALPHA), pasted from "
            + "a permutation of the minibatch, labels mixed by area; 0 switches it off. Default: ${DEFAULT-VALUE}.")
    double cutmix = 0;

    @Option(names = "--mix-probability", defaultValue = "1", paramLabel = "P", description = "Probability that a "
            + "minibatch is mixed by --mixup or --cutmix. Default: ${DEFAULT-VALUE}.")
    double mixProbability = 1;

    @Option(names = "--ema", defaultValue = "0", paramLabel = "DECAY", description = "Keep an exponential moving "
            + "average of the weights (PyTorch's AveragedModel: avg = DECAY·avg + (1 - DECAY)·w after every step) and "
            + "validate, stop early on and keep the average; 0 switches it off. Default: ${DEFAULT-VALUE}.")
    double ema = 0;

    /** {@code --swa-start auto}: SWA over the last third of the epochs (from epoch 20 of 30). */
    static final String SWA_AUTO = "auto";

    /** {@code --swa-start off}: no SWA. */
    static final String SWA_OFF = "off";

    @Option(names = "--swa-start", defaultValue = SWA_AUTO, paramLabel = "EPOCH|auto|off", description = "Stochastic "
            + "weight averaging (PyTorch's swa_utils): from this epoch on (0-based, as the log counts), average the "
            + "weights at the end of each epoch with equal weight, recompute batch norm's statistics for the average "
            + "on the training data (update_bn), and validate, stop early on and keep the average; auto starts at "
            + "two thirds of --epochs (epoch 20 of 30), off switches it off (as --ema does). "
            + "Default: ${DEFAULT-VALUE}.")
    String swaStart = SWA_AUTO;

    @Option(names = "--patience", defaultValue = "10", description = "Epochs without a better validation accuracy "
            + "before stopping. Default: ${DEFAULT-VALUE}.")
    int patience = 10;

    /**
     * @param data the images (for their shape, layout and classes)
     * @param epochs the run's epochs (the cosine learning-rate schedule's length)
     * @return the network spec
     * @throws OptionChecks.BadOptionException naming the option when a value is out of range
     */
    public CnnSpec spec(ImageSet data, int epochs) {
        checkShiftFits(data);
        return OptionChecks.asBadOption(() -> CnnSpec.defaults(data.channels(), data.height(), data.width(),
                data.classes()).withBlocks(blocks).withConvs(convs).withFilters(filters).withDense(dense)
                .withBatchNorm(BatchNorm.of(batchNorm, stockBatchNorm))
                .with(new CnnSpec.Penalties(dropout, gaussianDropout, l2, maxNorm, labelSmoothing,
                        spatialDropout))
                .withLearningRate(rate.spec(epochs)).withLayout(data.layout()));
    }

    /**
     * Refuses a translation that would move the images out of view.
     *
     * @param data the images
     * @throws OptionChecks.BadOptionException naming {@code --shift}
     */
    void checkShiftFits(ImageSet data) {
        int side = Math.min(data.height(), data.width());
        if (augment && shift >= side) {
            throw new OptionChecks.BadOptionException("--shift must be smaller than the images' " + data.height() + "x"
                    + data.width() + " size (at most " + (side - 1) + "), found " + shift);
        }
    }

    /**
     * Returns the average of the weights the options ask for.
     *
     * @param epochs the run's maximum epochs
     * @return EMA when {@code --ema} is given, else SWA from {@code --swa-start} (by default from
     *     {@link #autoSwaStart(int)}), or null for none
     * @throws OptionChecks.BadOptionException naming {@code --ema} when the decay is outside [0, 1), {@code --swa-start}
     *     when it is not auto, off or an epoch before the last, and both when {@code --ema} comes with an epoch
     */
    public WeightAveraging averaging(int epochs) {
        OptionChecks.inRange("--ema", ema, 0, 1, true, false);
        String swa = swaStart.strip();
        boolean auto = SWA_AUTO.equalsIgnoreCase(swa);
        boolean off = SWA_OFF.equalsIgnoreCase(swa);
        if (ema > 0) {
            if (!auto && !off) {
                throw new OptionChecks.BadOptionException("--ema and --swa-start " + swaStart + " are two kinds of "
                        + "weight averaging; choose one (--ema alone switches SWA off)");
            }
            return WeightAveraging.ema(ema);
        }
        if (off) {
            return null;
        }
        int start = auto ? autoSwaStart(epochs) : swaEpoch(swa, epochs);
        return WeightAveraging.swa(start);
    }

    /**
     * @param epochs the run's maximum epochs, at least 1
     * @return the first averaged epoch of {@code --swa-start auto}: ⌊2·epochs/3⌋, so the last third is averaged
     *     (epochs 20–29 of 30, the window measured best in docs/results/image.md)
     */
    static int autoSwaStart(int epochs) {
        return 2 * epochs / 3;
    }

    private static int swaEpoch(String swa, int epochs) {
        String range = "--swa-start must be auto, off or an epoch in [0, " + (epochs - 1) + "] (0-based, before the "
                + "last of --epochs " + epochs + "), found " + swa;
        if (!swa.matches("-?\\d{1,9}")) {
            throw new OptionChecks.BadOptionException(range);
        }
        int start = Integer.parseInt(swa);
        if (start < 0 || start >= epochs) {
            throw new OptionChecks.BadOptionException(range);
        }
        return start;
    }

    /**
     * Returns the minibatch mixing the options ask for.
     *
     * @return Mixup or CutMix, or null for none
     * @throws OptionChecks.BadOptionException naming the option when a value is out of range, or when both are on
     */
    public BatchMixing.Spec mixing() {
        OptionChecks.inRange("--mixup", mixup, 0, 100, true, true);
        OptionChecks.inRange("--cutmix", cutmix, 0, 100, true, true);
        OptionChecks.inRange("--mix-probability", mixProbability, 0, 1, true, true);
        if (mixup > 0 && cutmix > 0) {
            throw new OptionChecks.BadOptionException("--mixup and --cutmix are both on (" + mixup + ", " + cutmix
                    + "); choose one");
        }
        return mixup > 0 ? new BatchMixing.Spec(BatchMixing.Kind.MIXUP, mixup, mixProbability)
                : cutmix > 0 ? new BatchMixing.Spec(BatchMixing.Kind.CUTMIX, cutmix, mixProbability) : null;
    }

    /**
     * @return the augmentation, {@link AugmentSpec#none()} when switched off
     * @throws OptionChecks.BadOptionException naming the option when a value is out of range
     */
    public AugmentSpec augmentation() {
        if (!augment) {
            return AugmentSpec.none();
        }
        OptionChecks.inRange("--flip", flip, 0, 1, true, true);
        OptionChecks.inRange("--rotation", rotation, 0, 180, true, true);
        OptionChecks.inRange("--zoom", zoom, 0, 1, true, false);
        OptionChecks.inRange("--brightness", brightness, 0, 1, true, true);
        OptionChecks.inRange("--shift", shift, 0, 1000);
        OptionChecks.inRange("--erasing", erasing, 0, 1, true, true);
        return AugmentSpec.builder().flip(flip).rotation(rotation, 0.5).zoom(1 - zoom, 1 + zoom, 0.5)
                .brightness(1 - brightness, 1 + brightness, 0.5).shift(shift, 0.5)
                .erasing(erasing > 0 ? RandomErasing.torchvision(erasing) : null).build();
    }
}
