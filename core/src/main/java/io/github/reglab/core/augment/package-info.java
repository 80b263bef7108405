/**
 * Image augmentation for training data: random horizontal flip, rotation, zoom in/out that keeps the output size,
 * and brightness, each optional with its own probability ({@link io.github.reglab.core.augment.AugmentSpec}),
 * drawn anew for every example and every epoch from a seed ({@link io.github.reglab.core.augment.ImageAugmenter}).
 * Geometric changes are one affine map per image sampled with bilinear interpolation.
 */
package io.github.reglab.core.augment;
