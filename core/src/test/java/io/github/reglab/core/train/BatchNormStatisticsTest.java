package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.layers.FlatToCnnPreProcessor;
import io.github.reglab.core.testing.Blobs;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The recomputed statistics, checked by what they must do rather than by a second copy of the formula: computed from
 * one minibatch, they make the network's inference output equal its training-mode output on that minibatch (which
 * normalizes by the minibatch's own biased statistics); from two, the running mean is the mean of the two minibatch
 * means, taken here by hand from the layer's input. DL4J's own layer stores {@code log10} of the standard deviation
 * (its default {@code useLogStd}); the first test is what pins that form ({@code 0.5·log10(var)}, the epsilon added at
 * inference): {@code 0.5·log10(var + eps)} misses by 8e-6.
 */
class BatchNormStatisticsTest {

    /** A 4 → 6 → BN → ReLU → 2 MLP, or a 3-filter NHWC convolution on 5×5 images followed by BN, in double. */
    private static MultiLayerNetwork net(BatchNorm bn, boolean conv) {
        var list = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1)).dataType(DataType.DOUBLE)
                .list();
        if (conv) {
            list.layer(new ConvolutionLayer.Builder(2, 2).nOut(3).dataFormat(CNN2DFormat.NHWC)
                    .activation(Activation.IDENTITY).build())
                    .layer(bn.convolutional(CNN2DFormat.NHWC))
                    .inputPreProcessor(0, new FlatToCnnPreProcessor(5, 5, 1, CNN2DFormat.NHWC));
        } else {
            list.layer(new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build())
                    .layer(bn.dense(6));
        }
        MultiLayerConfiguration conf = list
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(conv ? InputType.convolutionalFlat(5, 5, 1) : InputType.feedForward(4)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet data(int n, int features, long seed) {
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, features).muli(3).addi(1); // far from the initial (0, 1) stats
        return new DataSet(x, Nd4j.eye(2).castTo(DataType.DOUBLE).getRows(new int[n]));
    }

    /** Double precision, and the same arithmetic on both sides up to summation order: 1e-10. */
    @ParameterizedTest
    @EnumSource(value = BatchNorm.class, names = {"FUSED", "DL4J"})
    void fromOneMinibatchInferenceEqualsTrainingMode(BatchNorm bn) {
        for (boolean conv : new boolean[] {false, true}) {
            MultiLayerNetwork net = net(bn, conv);
            DataSet ds = data(16, conv ? 25 : 4, 5);
            INDArray training = net.output(ds.getFeatures(), true);
            assertFalse(training.equalsWithEps(net.output(ds.getFeatures(), false), 1e-3),
                    "before: the initial running statistics give another output");
            java.util.Map<String, INDArray> before = new java.util.HashMap<>();
            for (int i = 0; i < net.getnLayers(); i++) {
                for (var e : net.getLayer(i).paramTable().entrySet()) {
                    before.put(i + "_" + e.getKey(), e.getValue().dup());
                }
            }
            BatchNormStatistics.recompute(net, new ExistingDataSetIterator(List.of(ds)), 0);
            assertTrue(training.equalsWithEps(net.output(ds.getFeatures(), false), 1e-10),
                    bn + (conv ? " conv" : " dense"));
            // only the running statistics changed: gamma and beta, weights and biases are as they were
            for (int i = 0; i < net.getnLayers(); i++) {
                for (var e : net.getLayer(i).paramTable().entrySet()) {
                    boolean stat = List.of("mean", "var", "log10stdev").contains(e.getKey());
                    assertEquals(!stat, before.get(i + "_" + e.getKey()).equals(e.getValue()),
                            "layer " + i + " " + e.getKey());
                }
            }
        }
    }

    /**
     * The compiled step's recomputation, on its own buffers, gives what DL4J's forward pass gives (double; the
     * compiled step's composed moments sum in another order: 1e-10), for a dense and an NHWC network, over three
     * minibatches the last of which is smaller.
     */
    @Test
    void theCompiledStepRecomputesTheSameStatistics() {
        for (boolean conv : new boolean[] {false, true}) {
            MultiLayerNetwork viaDl4j = net(BatchNorm.FUSED, conv);
            MultiLayerNetwork viaStep = net(BatchNorm.FUSED, conv);
            int features = conv ? 25 : 4;
            List<DataSet> batches = List.of(data(16, features, 1), data(16, features, 2), data(5, features, 3));
            BatchNormStatistics.recompute(viaDl4j, new ExistingDataSetIterator(batches), 0);
            try (io.github.reglab.core.step.CompiledStep step = io.github.reglab.core.step.CompiledStep.of(viaStep)) {
                step.fit(batches.get(0)); // built and trained once: the statistics then differ from the start ...
                viaStep.params().assign(viaDl4j.params()); // ... and are reset to compare from equal weights
                viaStep.getLayer(1).getParam("mean").assign(0);
                step.recomputeBatchNormStatistics(new ExistingDataSetIterator(batches), 0);
            }
            assertTrue(viaDl4j.params().equalsWithEps(viaStep.params(), 1e-10), (conv ? "conv" : "dense") + " "
                    + viaDl4j.params().sub(viaStep.params()));
        }
    }

    @Test
    void fromTwoMinibatchesTheMeanIsTheMeanOfTheirMeans() {
        MultiLayerNetwork net = net(BatchNorm.FUSED, false);
        DataSet a = data(8, 4, 1);
        DataSet b = data(24, 4, 2);
        INDArray paramsBefore = net.params().dup();
        INDArray meanA = net.feedForwardToLayer(0, a.getFeatures(), true).get(1).mean(0);
        INDArray meanB = net.feedForwardToLayer(0, b.getFeatures(), true).get(1).mean(0);
        BatchNormStatistics.recompute(net, new ExistingDataSetIterator(List.of(a, b)), 0);
        INDArray expected = meanA.add(meanB).divi(2); // equal weight per minibatch, as PyTorch's cumulative average
        assertTrue(expected.equalsWithEps(net.getLayer(1).getParam("mean").reshape(6), 1e-12));
        // maxBatches 1: the first minibatch only
        net.setParams(paramsBefore);
        BatchNormStatistics.recompute(net, new ExistingDataSetIterator(List.of(a, b)), 1);
        assertTrue(meanA.equalsWithEps(net.getLayer(1).getParam("mean").reshape(6), 1e-12));
        assertThrows(IllegalArgumentException.class,
                () -> BatchNormStatistics.recompute(net, new ExistingDataSetIterator(List.of()), 0));
        assertFalse(BatchNormStatistics.present(Blobs.mlp(1, Blobs.adam())));
        assertTrue(BatchNormStatistics.present(net));
    }
}
