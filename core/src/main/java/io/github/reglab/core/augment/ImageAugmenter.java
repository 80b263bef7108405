package io.github.reglab.core.augment;

import java.util.Objects;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies an {@link AugmentSpec} to images with values in [0, 1], channel-first (NCHW) or channel-last (NHWC): the
 * same draw moves the same pixels in either layout. The random draws for an example
 * depend only on (seed, epoch, example id), so the same seed gives the same images, every epoch gives new ones,
 * and a resumed run sees what an uninterrupted one would.
 *
 * <p>Geometry: the output pixel at (x, y) takes the input at {@code c + F·R⁻¹·(x − t − c)/s} (c the image centre,
 * t the whole-pixel translation, F the optional mirror, R the rotation, s the zoom), sampled bilinearly; points
 * outside the input read 0 (background). With no rotation and zoom 1 the map hits pixel centres exactly, so a flip
 * is an exact mirror, a translation an exact shift and the identity is exact.
 */
public final class ImageAugmenter {

    private final AugmentSpec spec;
    private final long seed;

    /**
     * Creates the augmenter.
     *
     * @param spec what to apply
     * @param seed the seed
     */
    public ImageAugmenter(AugmentSpec spec, long seed) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.seed = seed;
    }

    /**
     * Returns the spec.
     *
     * @return the spec
     */
    public AugmentSpec spec() {
        return spec;
    }

    /**
     * The transform drawn for one example.
     *
     * @param flip mirror horizontally
     * @param radians rotation angle
     * @param zoom zoom factor
     * @param brightness brightness factor
     * @param shiftX translation to the right, in pixels
     * @param shiftY translation downwards, in pixels
     */
    public record Draw(boolean flip, double radians, double zoom, double brightness, int shiftX, int shiftY) {

        /**
         * A transform without translation.
         *
         * @param flip mirror horizontally
         * @param radians rotation angle
         * @param zoom zoom factor
         * @param brightness brightness factor
         */
        public Draw(boolean flip, double radians, double zoom, double brightness) {
            this(flip, radians, zoom, brightness, 0, 0);
        }
    }

    /**
     * Returns the transform for that example in that epoch.
     *
     * @param epoch the epoch
     * @param exampleId the example's index in its data set
     * @return the transform for that example in that epoch
     */
    public Draw draw(int epoch, long exampleId) {
        SplittableRandom r = new SplittableRandom(mix(seed, epoch, exampleId));
        // every value is drawn whether used or not, so switching one augmentation off keeps the others' draws
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        double u3 = r.nextDouble();
        double u4 = r.nextDouble();
        double u5 = r.nextDouble();
        double u6 = r.nextDouble();
        double u7 = r.nextDouble();
        // drawn after the first seven, so that specs without translation see the draws they always saw
        double u8 = r.nextDouble();
        double u9 = r.nextDouble();
        double u10 = r.nextDouble();
        boolean flip = u1 < spec.flipProbability();
        double angle = u2 < spec.rotationProbability() ? (2 * u3 - 1) * Math.toRadians(spec.rotationDegrees()) : 0;
        double zoom = u4 < spec.zoomProbability() ? spec.zoomMin() + u5 * (spec.zoomMax() - spec.zoomMin()) : 1;
        double bright = u6 < spec.brightnessProbability()
                ? spec.brightnessMin() + u7 * (spec.brightnessMax() - spec.brightnessMin()) : 1;
        int span = 2 * spec.shiftPixels() + 1;
        boolean shift = u8 < spec.shiftProbability();
        int dx = shift ? Math.min(span - 1, (int) (u9 * span)) - spec.shiftPixels() : 0;
        int dy = shift ? Math.min(span - 1, (int) (u10 * span)) - spec.shiftPixels() : 0;
        return new Draw(flip, angle, zoom, bright, dx, dy);
    }

    /**
     * Augments a batch.
     *
     * @param features {@code [n, channels·height·width]} or {@code [n, channels, height, width]}; not modified
     * @param channels channels per image
     * @param height image height
     * @param width image width
     * @param epoch the epoch
     * @param exampleIds each row's example id
     * @return a new array of the same shape
     */
    public INDArray apply(INDArray features, int channels, int height, int width, int epoch, long[] exampleIds) {
        return apply(features, CNN2DFormat.NCHW, channels, height, width, epoch, exampleIds);
    }

    /**
     * Augments a batch whose images are in the given layout.
     *
     * @param features {@code [n, channels·height·width]} with each row in the layout's order, or 4-D in that layout;
     *     not modified
     * @param layout NCHW (each row {@code c, y, x}) or NHWC ({@code y, x, c})
     * @param channels channels per image
     * @param height image height
     * @param width image width
     * @param epoch the epoch
     * @param exampleIds each row's example id
     * @return a new array of the same shape
     */
    public INDArray apply(INDArray features, CNN2DFormat layout, int channels, int height, int width, int epoch,
            long[] exampleIds) {
        Objects.requireNonNull(layout, "layout");
        int n = (int) features.size(0);
        int pixels = channels * height * width;
        if (features.length() != (long) n * pixels || exampleIds.length != n) {
            throw new IllegalArgumentException("batch of shape " + java.util.Arrays.toString(features.shape())
                    + " does not hold " + n + " images of " + channels + "x" + height + "x" + width + " (ids: "
                    + exampleIds.length + ")");
        }
        if (spec.shiftPixels() >= Math.min(height, width)) {
            throw new IllegalArgumentException("shiftPixels " + spec.shiftPixels() + " would move a " + height + "x"
                    + width + " image out of view; it must be smaller than " + Math.min(height, width));
        }
        float[] in = features.dup('c').castTo(DataType.FLOAT).data().asFloat();
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            transform(in, out, i * pixels, layout, channels, height, width, draw(epoch, exampleIds[i]));
            if (spec.erasing() != null) {
                erase(out, i * pixels, layout, channels, height, width, epoch, exampleIds[i]);
            }
        }
        return Nd4j.create(out, features.shape(), 'c').castTo(features.dataType());
    }

    /**
     * Transforms one image.
     *
     * @param in source pixels, channel-first
     * @param out destination
     * @param offset index of the image's first value in both arrays
     * @param channels channels
     * @param height height
     * @param width width
     * @param d the transform
     */
    public static void transform(float[] in, float[] out, int offset, int channels, int height, int width, Draw d) {
        transform(in, out, offset, CNN2DFormat.NCHW, channels, height, width, d);
    }

    /**
     * Transforms one image stored in the given layout.
     *
     * @param in source pixels
     * @param out destination
     * @param offset index of the image's first value in both arrays
     * @param layout NCHW ({@code c, y, x}) or NHWC ({@code y, x, c})
     * @param channels channels
     * @param height height
     * @param width width
     * @param d the transform
     */
    public static void transform(float[] in, float[] out, int offset, CNN2DFormat layout, int channels, int height,
            int width, Draw d) {
        boolean last = layout == CNN2DFormat.NHWC;
        // index of (c, y, x) = offset + c·channelStride + (y·width + x)·pixelStride
        int channelStride = last ? 1 : height * width;
        int pixelStride = last ? channels : 1;
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        double cos = Math.cos(d.radians());
        double sin = Math.sin(d.radians());
        boolean identityGeometry = d.radians() == 0 && d.zoom() == 1;
        // the translation is undone first: output (x, y) reads what the untranslated output had at (x − t)
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sx;
                double sy;
                int tx = x - d.shiftX();
                int ty = y - d.shiftY();
                if (identityGeometry) {
                    sx = d.flip() ? width - 1 - tx : tx;
                    sy = ty;
                } else {
                    // inverse map: undo zoom, then rotation, then the mirror
                    double dx = (tx - cx) / d.zoom();
                    double dy = (ty - cy) / d.zoom();
                    double rx = cos * dx + sin * dy;
                    double ry = -sin * dx + cos * dy;
                    sx = cx + (d.flip() ? -rx : rx);
                    sy = cy + ry;
                }
                for (int c = 0; c < channels; c++) {
                    float v = sample(in, offset + c * channelStride, pixelStride, height, width, sx, sy);
                    if (d.brightness() != 1) {
                        v = (float) Math.min(1.0, Math.max(0.0, v * d.brightness()));
                    }
                    out[offset + c * channelStride + (y * width + x) * pixelStride] = v;
                }
            }
        }
    }

    /**
     * The rectangle random erasing draws for one example in one epoch, as torchvision's
     * {@code RandomErasing.get_params} draws it ({@link RandomErasing}), from a random stream of its own (so the
     * other transforms' draws do not change when erasing is switched on).
     *
     * @param epoch the epoch
     * @param exampleId the example's index in its data set
     * @param height image height
     * @param width image width
     * @return {@code {top, left, height, width}}, or null when this image is not erased
     */
    public int[] erasure(int epoch, long exampleId, int height, int width) {
        return erasure(erasingRandom(epoch, exampleId), height, width);
    }

    private SplittableRandom erasingRandom(int epoch, long exampleId) {
        return new SplittableRandom(mix(seed ^ 0x5DEECE66DL, epoch, exampleId));
    }

    private int[] erasure(SplittableRandom r, int height, int width) {
        RandomErasing e = spec.erasing();
        if (e == null || r.nextDouble() >= e.probability()) {
            return null;
        }
        double area = (double) height * width;
        double logMin = Math.log(e.ratioMin());
        double logMax = Math.log(e.ratioMax());
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (e.scaleMin() + r.nextDouble() * (e.scaleMax() - e.scaleMin()));
            double ratio = Math.exp(logMin + r.nextDouble() * (logMax - logMin));
            int h = (int) Math.round(Math.sqrt(target * ratio));
            int w = (int) Math.round(Math.sqrt(target / ratio));
            if (h < 1 || w < 1 || h >= height || w >= width) {
                continue;
            }
            int top = r.nextInt(height - h + 1);
            int left = r.nextInt(width - w + 1);
            return new int[] {top, left, h, w};
        }
        return null;
    }

    /** Overwrites this example's rectangle (if it has one) in every channel, with the fill or standard normal noise. */
    private void erase(float[] out, int offset, CNN2DFormat layout, int channels, int height, int width, int epoch,
            long exampleId) {
        SplittableRandom r = erasingRandom(epoch, exampleId);
        int[] box = erasure(r, height, width);
        if (box == null) {
            return;
        }
        boolean last = layout == CNN2DFormat.NHWC;
        int channelStride = last ? 1 : height * width;
        int pixelStride = last ? channels : 1;
        Double fill = spec.erasing().fill();
        java.util.Random gaussian = fill == null ? new java.util.Random(r.nextLong()) : null;
        // noise in channel-first order whatever the layout, so both layouts erase with the same values
        for (int c = 0; c < channels; c++) {
            for (int y = box[0]; y < box[0] + box[2]; y++) {
                for (int x = box[1]; x < box[1] + box[3]; x++) {
                    out[offset + c * channelStride + (y * width + x) * pixelStride] = fill != null
                            ? fill.floatValue() : (float) gaussian.nextGaussian();
                }
            }
        }
    }

    private static float sample(float[] img, int base, int step, int height, int width, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        if (fx == 0 && fy == 0) {
            return pixel(img, base, step, height, width, x0, y0);
        }
        double v00 = pixel(img, base, step, height, width, x0, y0);
        double v10 = pixel(img, base, step, height, width, x0 + 1, y0);
        double v01 = pixel(img, base, step, height, width, x0, y0 + 1);
        double v11 = pixel(img, base, step, height, width, x0 + 1, y0 + 1);
        return (float) ((v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy);
    }

    private static float pixel(float[] img, int base, int step, int height, int width, int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height ? 0f : img[base + (y * width + x) * step];
    }

    private static long mix(long seed, int epoch, long id) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + id;
        return h ^ (h >>> 29);
    }
}
