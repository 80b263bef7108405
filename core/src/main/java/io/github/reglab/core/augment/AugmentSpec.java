package io.github.reglab.core.augment;

import java.util.Locale;

/**
 * Which augmentations to apply and how strongly. Every probability is in [0, 1]; 0 switches that augmentation off.
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
     * The same without random erasing.
     *
     * @param flipProbability probability of a horizontal mirror
     * @param rotationDegrees the largest rotation, in degrees, either way, in [0, 180]
     * @param rotationProbability probability of rotating
     * @param zoomMin smallest zoom factor, &gt; 0
     * @param zoomMax largest zoom factor, &ge; zoomMin
     * @param zoomProbability probability of zooming
     * @param brightnessMin smallest brightness factor, &ge; 0
     * @param brightnessMax largest brightness factor, &ge; brightnessMin
     * @param brightnessProbability probability of changing brightness
     * @param shiftPixels the largest translation, in whole pixels, along each axis, in [0, 1000]
     * @param shiftProbability probability of translating
     */
    public AugmentSpec(double flipProbability, double rotationDegrees, double rotationProbability, double zoomMin,
            double zoomMax, double zoomProbability, double brightnessMin, double brightnessMax,
            double brightnessProbability, int shiftPixels, double shiftProbability) {
        this(flipProbability, rotationDegrees, rotationProbability, zoomMin, zoomMax, zoomProbability, brightnessMin,
                brightnessMax, brightnessProbability, shiftPixels, shiftProbability, null);
    }

    /**
     * The same without translation.
     *
     * @param flipProbability probability of a horizontal mirror
     * @param rotationDegrees the largest rotation, in degrees, either way, in [0, 180]
     * @param rotationProbability probability of rotating
     * @param zoomMin smallest zoom factor, &gt; 0
     * @param zoomMax largest zoom factor, &ge; zoomMin
     * @param zoomProbability probability of zooming
     * @param brightnessMin smallest brightness factor, &ge; 0
     * @param brightnessMax largest brightness factor, &ge; brightnessMin
     * @param brightnessProbability probability of changing brightness
     */
    public AugmentSpec(double flipProbability, double rotationDegrees, double rotationProbability, double zoomMin,
            double zoomMax, double zoomProbability, double brightnessMin, double brightnessMax,
            double brightnessProbability) {
        this(flipProbability, rotationDegrees, rotationProbability, zoomMin, zoomMax, zoomProbability, brightnessMin,
                brightnessMax, brightnessProbability, 0, 0);
    }

    /**
     * Returns a copy that also translates.
     *
     * @param pixels the largest offset along each axis, in [0, 1000]
     * @param probability probability of translating, in [0, 1]
     * @return the copy
     */
    public AugmentSpec withShift(int pixels, double probability) {
        return new AugmentSpec(flipProbability, rotationDegrees, rotationProbability, zoomMin, zoomMax,
                zoomProbability, brightnessMin, brightnessMax, brightnessProbability, pixels, probability, erasing);
    }

    /**
     * Returns a copy that also erases a random rectangle, after the other transforms.
     *
     * @param erasing the erasing, or null for none
     * @return the copy
     */
    public AugmentSpec withErasing(RandomErasing erasing) {
        return new AugmentSpec(flipProbability, rotationDegrees, rotationProbability, zoomMin, zoomMax,
                zoomProbability, brightnessMin, brightnessMax, brightnessProbability, shiftPixels, shiftProbability,
                erasing);
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
        return new AugmentSpec(0, 0, 0, 1, 1, 0, 1, 1, 0);
    }

    /**
     * Returns mirror half the time, ±10° rotation, 0.9–1.1 zoom and 0.8–1.2 brightness each half the time.
     *
     * @return mirror half the time, ±10° rotation, 0.9–1.1 zoom and 0.8–1.2 brightness each half the time
     */
    public static AugmentSpec standard() {
        return new AugmentSpec(0.5, 10, 0.5, 0.9, 1.1, 0.5, 0.8, 1.2, 0.5);
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
