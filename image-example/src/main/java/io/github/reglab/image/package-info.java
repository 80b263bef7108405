/**
 * CNN image classification with every regularization technique: Fashion-MNIST from IDX files ({@link
 * io.github.reglab.image.IdxFiles}, {@link io.github.reglab.image.FashionMnist}) or any folder of images ({@link
 * io.github.reglab.image.ImageFolder}), the network from options ({@link io.github.reglab.image.CnnSpec}), and the
 * commands {@code train}, {@code ablation} and {@code preview} ({@link io.github.reglab.image.ImageApp}).
 */
package io.github.reglab.image;
