package io.github.reglab.core.regularization;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Attaches regularizers to layers, at layer level only, and checks the result.
 *
 * <p>Why layer level: DL4J 1.0.0-M2.1 merges regularization set on the global {@code NeuralNetConfiguration.Builder}
 * into every layer twice for every type but its own L1/L2 (so a custom regularizer or weight decay would be applied
 * twice), and merges layer-level settings with global ones instead of replacing them. Everything here sets the
 * layer's own list, leaves biases unregularized unless asked, and verifies the built configuration.
 *
 * <p>Dropout is taken as a <b>drop rate</b> (the probability of zeroing an activation, as the tutorial, Keras and
 * PyTorch mean it); DL4J's {@code Dropout(p)} takes the <b>retain</b> probability, {@code p = 1 − rate}.
 */
public final class LayerRegularization {

    private LayerRegularization() {
    }

    /**
     * Sets the weight regularizers of a layer builder and clears the bias regularizers. A group lasso built without
     * its weight shape ({@link Regularizers#inputGroupLasso(double, Step)} and the like) takes this layer's; one
     * built with a shape must have this layer's.
     *
     * @param builder a dense, output or convolution layer builder
     * @param regularizers the weight regularizers (none to clear)
     * @param <B> the builder type
     * @return the same builder, for chaining
     * @throws IllegalArgumentException when a group lasso's shape cannot be taken from the layer (its nIn or nOut
     *     not set, or a filter group lasso on a layer without a kernel), or differs from the layer's
     */
    public static <B extends BaseLayer.Builder<?>> B weights(B builder, Regularization... regularizers) {
        long nIn = 0;
        long nOut = 0;
        int[] kernel = null;
        if (builder instanceof FeedForwardLayer.Builder<?> ff) {
            nIn = ff.getNIn();
            nOut = ff.getNOut();
        }
        if (builder instanceof ConvolutionLayer.BaseConvBuilder<?> conv) {
            kernel = conv.getKernelSize();
        }
        builder.regularization(new ArrayList<>(List.of(shaped(regularizers, nIn, nOut, kernel))));
        builder.regularizationBias(new ArrayList<>());
        return builder;
    }

    /**
     * Gives each group lasso built without its shape the layer's ({@code [nIn, nOut]}, or {@code [nOut, nIn, kH,
     * kW]} for filters), and checks that one built with a shape has the layer's. A dimension the layer does not know
     * yet (0: DL4J infers {@code nIn} only when the configuration is built) cannot be checked or given.
     */
    private static Regularization[] shaped(Regularization[] regularizers, long nIn, long nOut, int[] kernel) {
        Regularization[] out = regularizers.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] instanceof GroupLasso g)) {
                continue;
            }
            boolean filters = g.groups() == GroupLasso.Groups.FILTERS;
            if (filters && kernel == null) {
                throw new IllegalArgumentException("a group lasso over FILTERS needs a convolution layer; this layer "
                        + "has no kernel");
            }
            long[] layer = filters ? new long[] {nOut, nIn, kernel[0], kernel[1]} : new long[] {nIn, nOut};
            boolean known = nIn > 0 && nOut > 0;
            if (!g.shaped()) {
                if (!known) {
                    throw new IllegalArgumentException("a group lasso without a weight shape takes the layer's, but "
                            + "the layer's " + (nIn <= 0 ? "nIn" : "nOut") + " is not set (DL4J infers nIn only when "
                            + "the configuration is built): set it on the layer builder, or give the group lasso its "
                            + "shape (Regularizers." + (filters ? "filterGroupLasso(lambda, nOut, nIn, kH, kW, step)"
                            : "inputGroupLasso(lambda, nIn, nOut, step)") + ")");
                }
                out[i] = g.withWeightShape(layer);
            } else if (known && !java.util.Arrays.equals(g.weightShape(), layer)) {
                throw new IllegalArgumentException("a group lasso configured for a weight of shape "
                        + java.util.Arrays.toString(g.weightShape()) + " is attached to a layer whose weight has shape "
                        + java.util.Arrays.toString(layer) + "; build it without a shape to take the layer's");
            }
        }
        return out;
    }

    /**
     * Regularizes one layer of an existing network, initialized or not, replacing whatever that layer had: one call
     * to add regularization to a network built elsewhere. Biases become unregularized.
     *
     * @param net the network
     * @param layerIndex the layer, from 0
     * @param regularizers the weight regularizers
     * @throws IllegalArgumentException when the index is out of range or the layer has no weights to regularize
     */
    public static void layer(MultiLayerNetwork net, int layerIndex, Regularization... regularizers) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        BaseLayer target = baseLayer(conf, layerIndex);
        set(target, regularizers);
        if (net.getLayers() != null && net.getLayers().length > layerIndex) {
            Layer live = net.getLayer(layerIndex).conf().getLayer();
            if (live != target && live instanceof BaseLayer bl) {
                set(bl, regularizers);
            }
        }
        verify(conf, layerIndex, List.of(regularizers));
    }

    /**
     * Returns a copy of conf with that layer's weight regularizers replaced and its biases unregularized.
     *
     * @param conf a network configuration; not modified
     * @param layerIndex the layer, from 0
     * @param regularizers the weight regularizers
     * @return a copy of conf with that layer's weight regularizers replaced and its biases unregularized
     */
    public static MultiLayerConfiguration layer(MultiLayerConfiguration conf, int layerIndex,
            Regularization... regularizers) {
        MultiLayerConfiguration copy = conf.clone();
        set(baseLayer(copy, layerIndex), regularizers);
        verify(copy, layerIndex, List.of(regularizers));
        return copy;
    }

    /**
     * Checks that a built layer carries exactly the expected weight regularizers and no bias regularizer; catches
     * DL4J's global-configuration duplication.
     *
     * @param conf the built configuration
     * @param layerIndex the layer, from 0
     * @param expected the expected weight regularizers, in order
     * @throws IllegalStateException naming the layer, what it has and what was expected
     */
    public static void verify(MultiLayerConfiguration conf, int layerIndex, List<Regularization> expected) {
        BaseLayer bl = baseLayer(conf, layerIndex);
        List<Regularization> actual = bl.getRegularization() == null ? List.of() : bl.getRegularization();
        List<Regularization> bias = bl.getRegularizationBias() == null ? List.of() : bl.getRegularizationBias();
        if (!actual.equals(expected) || !bias.isEmpty()) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "layer %d (%s) has weight regularization %s and bias regularization %s, expected %s and none; "
                            + "regularization set on the global NeuralNetConfiguration.Builder is merged into layers "
                            + "(twice for custom classes in DL4J M2.1): set it per layer", layerIndex,
                    bl.getLayerName() == null ? bl.getClass().getSimpleName() : bl.getLayerName(), actual, bias,
                    expected));
        }
    }

    /**
     * Returns DL4J's dropout for that rate.
     *
     * @param dropRate the probability of dropping an activation, in [0, 1)
     * @return DL4J's dropout for that rate, or null for a rate of 0 (no dropout)
     * @throws IllegalArgumentException when the rate is outside [0, 1)
     */
    public static IDropout dropout(double dropRate) {
        double keep = retainProbability(dropRate);
        return dropRate == 0 ? null : new Dropout(keep);
    }

    /**
     * Returns {@code 1 − dropRate}, the retain probability DL4J's {@code Dropout} takes.
     *
     * @param dropRate the probability of dropping an activation, in [0, 1)
     * @return {@code 1 − dropRate}, the retain probability DL4J's {@code Dropout} takes
     */
    public static double retainProbability(double dropRate) {
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "dropout rate must be in [0, 1) (the probability of dropping a unit), found %s", dropRate));
        }
        return 1 - dropRate;
    }

    private static BaseLayer baseLayer(MultiLayerConfiguration conf, int layerIndex) {
        int n = conf.getConfs().size();
        if (layerIndex < 0 || layerIndex >= n) {
            throw new IllegalArgumentException("layer index must be in [0, " + (n - 1) + "], found " + layerIndex);
        }
        Layer l = conf.getConf(layerIndex).getLayer();
        if (!(l instanceof BaseLayer bl)) {
            throw new IllegalArgumentException("layer " + layerIndex + " (" + l.getClass().getSimpleName()
                    + ") has no weights to regularize");
        }
        return bl;
    }

    private static void set(BaseLayer layer, Regularization[] regularizers) {
        layer.setRegularization(new ArrayList<>(List.of(regularizers)));
        layer.setRegularizationBias(new ArrayList<>());
    }
}
