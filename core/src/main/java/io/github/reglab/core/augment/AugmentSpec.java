package io.github.reglab.core.augment;

import java.util.Locale;

/**
 * Which augmentations to apply and how strongly. Every probability is in [0, 1]; 0 switches that augmentation off.
 * Build it one transform at a time with {@link #builder()}, or start from {@link #standard()} or {@link #none()}.
 *
 * @param flipProbability probability of a horizontal mirror
 * @param rotationDegrees the largest rotation, in degrees, either way (angle uniform in ±rotationDegrees), in [0, 180]
 * @param rotationProbability probability of rotating
 * @param zoomMin smallest zoom factor (&lt; 1 zooms out), &gt; 0
 * @param zoomMax largest zoom factor (&gt; 1 zooms in), &ge; zoomMin
 * @param zoomProbability probability of zooming (factor uniform in [zoomMin, zoomMax])
 * @param brightnessMin smallest brightness factor, &ge; 0
 * @param brightnessMax largest brightness factor, &ge; brightnessMin
 * @param brightnessProbability probability of changing brightness (pixel values multiplied, then clipped to [0, 1])
 * @param shiftPixels the largest translation, in whole pixels, along each axis (each offset uniform in
 *     {−shiftPixels, …, shiftPixels}), in [0, 1000]; uncovered pixels read 0
 * @param shiftProbability probability of translating
 * @param erasing random erasing after the other transforms, or null for none
 */
public record AugmentSpec(double flipProbability, double rotationDegrees, double rotationProbability, double zoomMin,
        double zoomMax, double zoomProbability, double brightnessMin, double brightnessMax,
        double brightnessProbability, int shiftPixels, double shiftProbability, RandomErasing erasing) {

    /**
     * Validates every field.
     *
     * @param flipProbability probability of a horizontal mirror
     * @param rotationDegrees the largest rotation, in degrees, either way (angle uniform in ±rotationDegrees), in [0,
     *     180]
     * @param rotationProbability probability of rotating
     * @param zoomMin smallest zoom factor (&lt; 1 zooms out), &gt; 0
     * @param zoomMax largest zoom factor (&gt; 1 zooms in), &ge; zoomMin
     * @param zoomProbability probability of zooming (factor uniform in [zoomMin, zoomMax])
     * @param brightnessMin smallest brightness factor, &ge; 0
     * @param brightnessMax largest brightness factor, &ge; brightnessMin
     * @param brightnessProbability probability of changing brightness (pixel values multiplied, then clipped to [0, 1])
     * @param shiftPixels the largest translation, in whole pixels, along each axis, in [0, 1000]
     * @param shiftProbability probability of translating
     * @param erasing random erasing after the other transforms, or null for none
     */
    public AugmentSpec {
        probability("flipProbability", flipProbability);
        probability("rotationProbability", rotationProbability);
        probability("zoomProbability", zoomProbability);
        probability("brightnessProbability", brightnessProbability);
        probability("shiftProbability", shiftProbability);
        if (shiftPixels < 0 || shiftPixels > 1000) {
            throw new IllegalArgumentException("shiftPixels must be in [0, 1000], found " + shiftPixels);
        }
        if (!(rotationDegrees >= 0 && rotationDegrees <= 180)) {
            throw new IllegalArgumentException("rotationDegrees must be in [0, 180], found " + rotationDegrees);
        }
        if (!(zoomMin > 0 && zoomMax >= zoomMin && Double.isFinite(zoomMax))) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "zoom range must satisfy 0 < zoomMin <= zoomMax, found [%s, %s]", zoomMin, zoomMax));
        }
        if (!(brightnessMin >= 0 && brightnessMax >= brightnessMin && Double.isFinite(brightnessMax))) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "brightness range must satisfy 0 <= brightnessMin <= brightnessMax, found [%s, %s]",
                    brightnessMin, brightnessMax));
        }
    }

    /**
     * Returns a builder with every transform off, to switch on one transform at a time.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this spec's settings, to change some of them.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder().flip(flipProbability).rotation(rotationDegrees, rotationProbability)
                .zoom(zoomMin, zoomMax, zoomProbability).brightness(brightnessMin, brightnessMax, brightnessProbability)
                .shift(shiftPixels, shiftProbability).erasing(erasing);
    }

    /**
     * Returns a copy that also translates.
     *
     * @param pixels the largest offset along each axis, in [0, 1000]
     * @param probability probability of translating, in [0, 1]
     * @return the copy
     */
    public AugmentSpec withShift(int pixels, double probability) {
        return toBuilder().shift(pixels, probability).build();
    }

    /**
     * Returns a copy that also erases a random rectangle, after the other transforms.
     *
     * @param erasing the erasing, or null for none
     * @return the copy
     */
    public AugmentSpec withErasing(RandomErasing erasing) {
        return toBuilder().erasing(erasing).build();
    }

    /**
     * Builds a spec one transform at a time; every transform starts off. {@link #build()} checks the values.
     *
     * <pre>{@code
     * AugmentSpec spec = AugmentSpec.builder().flip(0.5).rotation(10, 0.5).shift(2, 0.5).build();
     * }</pre>
     */
    public static final class Builder {
        private double flipProbability;
        private double rotationDegrees;
        private double rotationProbability;
        private double zoomMin = 1;
        private double zoomMax = 1;
        private double zoomProbability;
        private double brightnessMin = 1;
        private double brightnessMax = 1;
        private double brightnessProbability;
        private int shiftPixels;
        private double shiftProbability;
        private RandomErasing erasing;

        private Builder() {
        }

        /**
         * Sets the horizontal mirror.
         *
         * @param probability probability of a mirror, in [0, 1]
         * @return this
         */
        public Builder flip(double probability) {
            this.flipProbability = probability;
            return this;
        }

        /**
         * Sets the rotation.
         *
         * @param degrees the largest rotation either way, in [0, 180] (angle uniform in ±degrees)
         * @param probability probability of rotating, in [0, 1]
         * @return this
         */
        public Builder rotation(double degrees, double probability) {
            this.rotationDegrees = degrees;
            this.rotationProbability = probability;
            return this;
        }

        /**
         * Sets the zoom.
         *
         * @param min smallest factor (&lt; 1 zooms out), &gt; 0
         * @param max largest factor (&gt; 1 zooms in), &ge; min
         * @param probability probability of zooming (factor uniform in [min, max]), in [0, 1]
         * @return this
         */
        public Builder zoom(double min, double max, double probability) {
            this.zoomMin = min;
            this.zoomMax = max;
            this.zoomProbability = probability;
            return this;
        }

        /**
         * Sets the brightness change.
         *
         * @param min smallest factor, &ge; 0
         * @param max largest factor, &ge; min
         * @param probability probability of changing brightness (pixels multiplied, then clipped to [0, 1])
         * @return this
         */
        public Builder brightness(double min, double max, double probability) {
            this.brightnessMin = min;
            this.brightnessMax = max;
            this.brightnessProbability = probability;
            return this;
        }

        /**
         * Sets the translation.
         *
         * @param pixels the largest offset along each axis, in [0, 1000]
         * @param probability probability of translating, in [0, 1]
         * @return this
         */
        public Builder shift(int pixels, double probability) {
            this.shiftPixels = pixels;
            this.shiftProbability = probability;
            return this;
        }

        /**
         * Sets random erasing, after the other transforms.
         *
         * @param value the erasing, or null for none
         * @return this
         */
        public Builder erasing(RandomErasing value) {
            this.erasing = value;
            return this;
        }

        /**
         * Returns the spec.
         *
         * @return the spec
         * @throws IllegalArgumentException naming the first value out of range
         */
        public AugmentSpec build() {
            return new AugmentSpec(flipProbability, rotationDegrees, rotationProbability, zoomMin, zoomMax,
                    zoomProbability, brightnessMin, brightnessMax, brightnessProbability, shiftPixels,
                    shiftProbability, erasing);
        }
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], found " + p);
        }
    }

    /**
     * Returns no augmentation at all.
     *
     * @return no augmentation at all
     */
    public static AugmentSpec none() {
        return builder().build();
    }

    /**
     * Returns mirror half the time, ±10° rotation, 0.9–1.1 zoom and 0.8–1.2 brightness each half the time.
     *
     * @return mirror half the time, ±10° rotation, 0.9–1.1 zoom and 0.8–1.2 brightness each half the time
     */
    public static AugmentSpec standard() {
        return builder().flip(0.5).rotation(10, 0.5).zoom(0.9, 1.1, 0.5).brightness(0.8, 1.2, 0.5).build();
    }

    /**
     * Returns whether any augmentation can happen.
     *
     * @return whether any augmentation can happen
     */
    public boolean enabled() {
        return flipProbability > 0 || (rotationProbability > 0 && rotationDegrees > 0)
                || (zoomProbability > 0 && (zoomMin != 1 || zoomMax != 1))
                || (brightnessProbability > 0 && (brightnessMin != 1 || brightnessMax != 1))
                || (shiftProbability > 0 && shiftPixels > 0) || (erasing != null && erasing.probability() > 0);
    }
}
