package io.github.reglab.bench;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Floating-point operations per example, derived from the architecture. Convention (as in most FLOP counts of
 * networks): the multiply-adds of dense and convolution layers, two FLOPs each; bias adds, activations,
 * normalization and pooling are left out (a few per cent here). A training step costs about three forward
 * passes: the forward pass, and the backward pass's two products (gradient with respect to the input and to the
 * weights).
 */
final class Flops {

    /** Training FLOPs per forward FLOP. */
    static final int TRAINING_FACTOR = 3;

    private Flops() {
    }

    /**
     * One layer's count.
     *
     * @param index the layer's index
     * @param type the layer's class name
     * @param forward forward FLOPs per example
     */
    record LayerFlops(int index, String type, long forward) {
    }

    /**
     * @param conf the network
     * @param input the input type
     * @return the count per layer (layers without multiply-adds included, with 0)
     */
    static List<LayerFlops> perLayer(MultiLayerConfiguration conf, InputType input) {
        List<InputType> outputs = conf.getLayerActivationTypes(input);
        List<LayerFlops> out = new ArrayList<>();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            long f = 0;
            if (layer instanceof ConvolutionLayer c) {
                InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) outputs.get(i);
                long[] k = {c.getKernelSize()[0], c.getKernelSize()[1]};
                f = 2L * k[0] * k[1] * c.getNIn() * c.getNOut() * o.getHeight() * o.getWidth();
            } else if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
                // not every FeedForwardLayer: batch normalization is one too, with nIn = nOut = channels
                FeedForwardLayer d = (FeedForwardLayer) layer;
                f = 2L * d.getNIn() * d.getNOut();
            }
            out.add(new LayerFlops(i, layer.getClass().getSimpleName(), f));
        }
        return out;
    }

    /**
     * @param conf the network
     * @param input the input type
     * @return forward FLOPs per example
     */
    static long forward(MultiLayerConfiguration conf, InputType input) {
        return perLayer(conf, input).stream().mapToLong(LayerFlops::forward).sum();
    }
}
