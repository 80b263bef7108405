package io.github.reglab.core.augment;

import java.util.Locale;

/**
 * Random erasing (Zhong et al., "Random Erasing Data Augmentation", AAAI 2020) with torchvision's
 * {@code RandomErasing} semantics: with a probability, a rectangle of the image is overwritten. Its area is a
 * uniform fraction in {@code [scaleMin, scaleMax]} of the image, its aspect ratio (height / width) log-uniform in
 * {@code [ratioMin, ratioMax]}; its height and width are {@code round(√(area·ratio))} and {@code round(√(area/ratio))},
 * and a draw that does not fit inside the image is drawn again, up to 10 times, after which the image stays as it
 * is. The rectangle's top-left corner is uniform over the positions where it fits. Every channel of the rectangle
 * takes {@code fill}, or, with {@code fill} null, values drawn from the standard normal distribution per pixel and
 * channel (torchvision's {@code value='random'}).
 *
 * @param probability the probability an image is erased, in [0, 1] (torchvision's default 0.5)
 * @param scaleMin the smallest erased fraction of the image, in (0, 1] (torchvision: 0.02)
 * @param scaleMax the largest erased fraction, in [scaleMin, 1] (torchvision: 0.33)
 * @param ratioMin the smallest aspect ratio (height / width), &gt; 0 (torchvision: 0.3)
 * @param ratioMax the largest aspect ratio, &ge; ratioMin (torchvision: 3.3)
 * @param fill the value written into the rectangle, or null for standard normal noise
 */
public record RandomErasing(double probability, double scaleMin, double scaleMax, double ratioMin, double ratioMax,
        Double fill) {

    /**
     * Validates every field; messages name it and its range.
     *
     * @param probability the probability an image is erased, in [0, 1]
     * @param scaleMin the smallest erased fraction of the image, in (0, 1]
     * @param scaleMax the largest erased fraction, in [scaleMin, 1]
     * @param ratioMin the smallest aspect ratio (height / width), &gt; 0
     * @param ratioMax the largest aspect ratio, &ge; ratioMin
     * @param fill the value written into the rectangle (finite), or null for standard normal noise
     */
    public RandomErasing {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("erasing probability must be in [0, 1], found " + probability);
        }
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "erasing scale must satisfy 0 < min <= "
                    + "max <= 1, found [%s, %s]", scaleMin, scaleMax));
        }
        if (!(ratioMin > 0 && ratioMin <= ratioMax && Double.isFinite(ratioMax))) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "erasing aspect ratio must satisfy 0 < "
                    + "min <= max, found [%s, %s]", ratioMin, ratioMax));
        }
        if (fill != null && !Double.isFinite(fill)) {
            throw new IllegalArgumentException("erasing fill must be finite (or null for noise), found " + fill);
        }
    }

    /**
     * torchvision's defaults at a probability: scale (0.02, 0.33), ratio (0.3, 3.3), fill 0.
     *
     * @param probability the probability an image is erased, in [0, 1]
     * @return the settings
     */
    public static RandomErasing torchvision(double probability) {
        return new RandomErasing(probability, 0.02, 0.33, 0.3, 3.3, 0.0);
    }
}
