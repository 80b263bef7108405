package io.github.reglab.core.train;

import java.util.Locale;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Refuses a known-wrong DL4J path instead of training with it. DL4J M2.1's oneDNN convolution helper (used when
 * DL4J's helpers are on with the oneDNN natives, as {@code NativeSetup} configures them) computes the weight
 * gradient of an NHWC convolution wrongly in float: relative error above 1 against DL4J's own double-precision
 * gradient, while its forward pass, its NCHW path and its path without helpers are right ({@code
 * CompiledStepTest.dl4jsOnednnNhwcConvolutionGradientIsWrongInFloat}). The compiled step does not use the helper.
 */
final class Dl4jConvolutionCheck {

    private Dl4jConvolutionCheck() {
    }

    /**
     * Throws when DL4J's {@code fit} would train an NHWC convolution through the oneDNN helper in float.
     *
     * @param net the network about to be trained with DL4J's {@code fit}
     * @throws IllegalStateException naming the layer and the ways out
     */
    static void refuseBrokenHelpers(MultiLayerNetwork net) {
        if (net.getLayerWiseConfigurations().getDataType() == DataType.DOUBLE) {
            return;
        }
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            LayerHelper helper = layer.getHelper();
            if (layer.conf().getLayer() instanceof ConvolutionLayer c && c.getCnn2dDataFormat() == CNN2DFormat.NHWC
                    && helper != null && helper.getClass().getSimpleName().startsWith("MKLDNN")) {
                throw new IllegalStateException(String.format(Locale.ROOT, "layer %d (%s): DL4J 1.0.0-M2.1's oneDNN "
                        + "convolution helper computes wrong weight gradients for NHWC convolutions in float; train "
                        + "with the compiled step (StepEngine.COMPILED, the default), use NCHW, or switch DL4J's helpers "
                        + "off (-Dorg.eclipse.deeplearning4j.helpers.disable=true)", i, c.getClass().getSimpleName()));
            }
        }
    }
}
