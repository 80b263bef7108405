package io.github.reglab.core.augment;

import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Mixup and CutMix: regularizers that train on mixtures of two examples of a minibatch, labels mixed in the same
 * proportion. With probability {@code p} a minibatch is mixed with a permutation {@code π} of itself:
 * <ul>
 *   <li><b>Mixup</b> (Zhang et al., ICLR 2018; torchvision {@code v2.MixUp}): {@code λ ~ Beta(α, α)},
 *       {@code x' = λ·x + (1 − λ)·x[π]}, {@code y' = λ·y + (1 − λ)·y[π]}.</li>
 *   <li><b>CutMix</b> (Yun et al., ICCV 2019; torchvision {@code v2.CutMix}): {@code λ ~ Beta(α, α)}, a box of
 *       {@code H·√(1 − λ)} by {@code W·√(1 − λ)} pixels centred at a uniform pixel and clipped to the image is
 *       pasted from {@code x[π]} into {@code x}; the labels are mixed with the area actually kept,
 *       {@code λ' = 1 − box area / (H·W)}.</li>
 * </ul>
 * λ, π, whether a minibatch is mixed, and the box depend only on the seed, the epoch and the minibatch's position in
 * it, so a run is repeatable and a resumed run draws what the uninterrupted one drew. Apply it to training
 * minibatches only ({@code ShuffledMinibatches.setMixing}); validation and test data keep their labels. The loss must
 * accept soft labels (DL4J's {@code LossMCXENT}, {@code io.github.reglab.core.loss.LabelSmoothedCrossEntropy}).
 */
public final class BatchMixing {

    /** Which mixture. */
    public enum Kind {
        /** Mixup: a convex combination of the whole inputs. */
        MIXUP,
        /** CutMix: a box pasted from the partner image. */
        CUTMIX
    }

    /**
     * The mixing as configuration: which, how strongly and how often; {@link #build} adds the seed and the image
     * shape. A value to record in a run's manifest.
     *
     * @param kind Mixup or CutMix
     * @param alpha the Beta distribution's parameter, finite and &gt; 0
     * @param probability the probability that a minibatch is mixed, in [0, 1]
     */
    public record Spec(Kind kind, double alpha, double probability) {

        /**
         * Validates; messages name the parameter and its range.
         *
         * @param kind Mixup or CutMix
         * @param alpha the Beta distribution's parameter, finite and &gt; 0
         * @param probability the probability that a minibatch is mixed, in [0, 1]
         */
        public Spec {
            Objects.requireNonNull(kind, "kind");
            check(kind, alpha, probability);
        }

        /**
         * Returns the mixing for a training run.
         *
         * @param seed the run's seed
         * @param channels channels per image (CutMix)
         * @param height image height (CutMix)
         * @param width image width (CutMix)
         * @param layout the order of each row (CutMix)
         * @return the mixing
         */
        public BatchMixing build(long seed, int channels, int height, int width, CNN2DFormat layout) {
            return kind == Kind.MIXUP ? mixup(alpha, probability, seed)
                    : cutmix(alpha, probability, seed, channels, height, width, layout);
        }
    }

    private final Kind kind;
    private final double alpha;
    private final double probability;
    private final long seed;
    /** For CutMix: the image shape and layout of the flat rows; unused by Mixup. */
    private final int channels;
    private final int height;
    private final int width;
    private final CNN2DFormat layout;

    private BatchMixing(Kind kind, double alpha, double probability, long seed, int channels, int height, int width,
            CNN2DFormat layout) {
        check(kind, alpha, probability);
        this.kind = kind;
        this.alpha = alpha;
        this.probability = probability;
        this.seed = seed;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.layout = layout;
    }

    private static void check(Kind kind, double alpha, double probability) {
        if (!(alpha > 0 && Double.isFinite(alpha))) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s alpha (of Beta(alpha, alpha)) must be finite and > 0, found %s", kind, alpha));
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s probability must be in [0, 1], found %s", kind, probability));
        }
    }

    /**
     * Mixup of any rows (tabular or flat images).
     *
     * @param alpha the Beta distribution's parameter, finite and &gt; 0 (0.2 to 1 are usual; 1 draws λ uniformly)
     * @param probability the probability that a minibatch is mixed, in [0, 1]
     * @param seed the seed
     * @return the mixing
     * @throws IllegalArgumentException naming the parameter and its range
     */
    public static BatchMixing mixup(double alpha, double probability, long seed) {
        return new BatchMixing(Kind.MIXUP, alpha, probability, seed, 0, 0, 0, CNN2DFormat.NCHW);
    }

    /**
     * CutMix of flat image rows.
     *
     * @param alpha the Beta distribution's parameter, finite and &gt; 0 (1 is the paper's and torchvision's)
     * @param probability the probability that a minibatch is mixed, in [0, 1]
     * @param seed the seed
     * @param channels channels per image, &ge; 1
     * @param height image height, &ge; 1
     * @param width image width, &ge; 1
     * @param layout the order of each row: NCHW (channel-first) or NHWC (channel-last)
     * @return the mixing
     * @throws IllegalArgumentException naming the parameter and its range
     */
    public static BatchMixing cutmix(double alpha, double probability, long seed, int channels, int height,
            int width, CNN2DFormat layout) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("CutMix needs a positive image shape, found " + channels + "x" + height
                    + "x" + width);
        }
        return new BatchMixing(Kind.CUTMIX, alpha, probability, seed, channels, height, width,
                Objects.requireNonNull(layout, "layout"));
    }

    /**
     * Returns which mixture this is.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * What was drawn for one minibatch.
     *
     * @param mixed whether the minibatch is mixed
     * @param lambda the drawn λ (Mixup: the weight of the original; CutMix: before the box is clipped)
     * @param partner {@code π}: row i is mixed with row {@code partner[i]} (the array itself, not a copy)
     * @param top the box's first row (CutMix)
     * @param left the box's first column (CutMix)
     * @param bottom one past the box's last row (CutMix)
     * @param right one past the box's last column (CutMix)
     */
    public record Draw(boolean mixed, double lambda, int[] partner, int top, int left, int bottom, int right) {

        /**
         * Returns the weight of each row's own label.
         *
         * @param height image height (CutMix)
         * @param width image width (CutMix)
         * @param kind the mixture
         * @return λ for Mixup, {@code 1 − box area / (H·W)} for CutMix
         */
        public double labelWeight(Kind kind, int height, int width) {
            return kind == Kind.MIXUP ? lambda
                    : 1.0 - (double) (bottom - top) * (right - left) / ((double) height * width);
        }
    }

    /**
     * Returns what is drawn for a minibatch.
     *
     * @param rows the minibatch's rows
     * @param epoch the epoch
     * @param batchIndex the minibatch's position in the epoch, from 0
     * @return the draw
     */
    public Draw draw(int rows, int epoch, long batchIndex) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + batchIndex);
        boolean mixed = r.nextDouble() < probability;
        double lambda = beta(r, alpha);
        int[] partner = new int[rows];
        for (int i = 0; i < rows; i++) {
            partner[i] = i;
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = partner[i];
            partner[i] = partner[j];
            partner[j] = t;
        }
        int top = 0;
        int left = 0;
        int bottom = 0;
        int right = 0;
        if (kind == Kind.CUTMIX) {
            // torchvision's v2.CutMix: a box of (1 − λ) of the area, centred at a uniform pixel, clipped
            double cut = Math.sqrt(1 - lambda);
            int cy = r.nextInt(height);
            int cx = r.nextInt(width);
            int halfH = (int) (height * cut / 2);
            int halfW = (int) (width * cut / 2);
            top = Math.max(0, cy - halfH);
            bottom = Math.min(height, cy + halfH);
            left = Math.max(0, cx - halfW);
            right = Math.min(width, cx + halfW);
        }
        return new Draw(mixed, lambda, partner, top, left, bottom, right);
    }

    /**
     * Mixes a minibatch.
     *
     * @param features the rows, {@code [n, d]}; not modified
     * @param labels the one-hot (or soft) labels, {@code [n, k]}; not modified
     * @param epoch the epoch
     * @param batchIndex the minibatch's position in the epoch, from 0
     * @return the mixed minibatch in new arrays, or the given arrays when this minibatch is not mixed
     * @throws IllegalArgumentException when CutMix rows do not hold {@code channels·height·width} values
     */
    public DataSet apply(INDArray features, INDArray labels, int epoch, long batchIndex) {
        int n = features.rows();
        if (kind == Kind.CUTMIX && features.columns() != (long) channels * height * width) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "CutMix was set up for %dx%dx%d images "
                    + "(%d values a row), found rows of %d", channels, height, width, channels * height * width,
                    features.columns()));
        }
        Draw d = draw(n, epoch, batchIndex);
        if (!d.mixed() || n < 2) {
            return new DataSet(features, labels);
        }
        INDArray partnerX = Nd4j.pullRows(features, 1, d.partner());
        INDArray partnerY = Nd4j.pullRows(labels, 1, d.partner());
        INDArray x;
        if (kind == Kind.MIXUP) {
            x = features.mul(d.lambda()).addi(partnerX.muli(1 - d.lambda()));
        } else {
            x = features.dup();
            paste(x, partnerX, d);
        }
        double w = d.labelWeight(kind, height, width);
        INDArray y = labels.mul(w).addi(partnerY.muli(1 - w));
        return new DataSet(x, y);
    }

    /** Copies the box of every partner image into the rows of x. */
    private void paste(INDArray x, INDArray partner, Draw d) {
        if (d.bottom() <= d.top() || d.right() <= d.left()) {
            return;
        }
        int n = x.rows();
        INDArray to = layout == CNN2DFormat.NCHW ? x.reshape('c', n, channels, height, width)
                : x.reshape('c', n, height, width, channels);
        INDArray from = layout == CNN2DFormat.NCHW ? partner.reshape('c', n, channels, height, width)
                : partner.reshape('c', n, height, width, channels);
        var rows = NDArrayIndex.interval(d.top(), d.bottom());
        var cols = NDArrayIndex.interval(d.left(), d.right());
        if (layout == CNN2DFormat.NCHW) {
            to.get(NDArrayIndex.all(), NDArrayIndex.all(), rows, cols)
                    .assign(from.get(NDArrayIndex.all(), NDArrayIndex.all(), rows, cols));
        } else {
            to.get(NDArrayIndex.all(), rows, cols, NDArrayIndex.all())
                    .assign(from.get(NDArrayIndex.all(), rows, cols, NDArrayIndex.all()));
        }
    }

    /** A Beta(a, a) draw as X/(X + Y) with X, Y ~ Gamma(a, 1). */
    static double beta(SplittableRandom r, double a) {
        double x = gamma(r, a);
        double y = gamma(r, a);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /**
     * A Gamma(a, 1) draw: Marsaglia and Tsang's method (ACM TOMS 26, 2000) for a &ge; 1, and for a &lt; 1 the
     * boost {@code Gamma(a) = Gamma(a + 1)·U^(1/a)}.
     */
    static double gamma(SplittableRandom r, double a) {
        if (a < 1) {
            double u = r.nextDouble();
            return gamma(r, a + 1) * Math.pow(u, 1 / a);
        }
        double d = a - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = gaussian(r);
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** A standard normal draw (Box–Muller). */
    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble(); // in (0, 1]
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(alpha=%s, p=%s)", kind, alpha, probability);
    }
}
