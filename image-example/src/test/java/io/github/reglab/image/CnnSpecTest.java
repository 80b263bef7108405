package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.io.ModelArchive;
import io.github.reglab.core.layers.FusedBatchNormalization;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.train.LearningRateSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class CnnSpecTest {

    private static CnnSpec spec(boolean bn, double drop, double l2) {
        return CnnSpec.defaults(1, 28, 28, 10).withRegularization(drop, l2, bn)
                .withLearningRate(LearningRateSpec.inverseTime(1e-3, 0.05));
    }

    @Test
    void configurationRoundTripsThroughJson() {
        MultiLayerConfiguration conf = spec(true, 0.25, 1e-4).toDl4j(3);
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
    }

    /**
     * Full model: 2 × (conv, BN, ReLU, pool) + dropout + dense + dropout + output = 12 layers; without BN and
     * dropout: 2 × (conv, pool) + dense + output = 6. L2 on the 2 convolutions, the dense and the output layer.
     */
    @Test
    void layersFollowTheOptions() {
        MultiLayerConfiguration full = spec(true, 0.25, 1e-4).toDl4j(3);
        assertEquals(12, full.getConfs().size());
        assertEquals(2, full.getConfs().stream().filter(c -> c.getLayer() instanceof FusedBatchNormalization)
                .count());
        // --stock-batch-norm: DL4J's own layer in the same places
        MultiLayerConfiguration stock = spec(true, 0.25, 1e-4).withStockBatchNorm(true).toDl4j(3);
        assertEquals(2, stock.getConfs().stream().filter(c -> c.getLayer().getClass() == BatchNormalization.class)
                .count());
        assertEquals(2, full.getConfs().stream().filter(c -> c.getLayer() instanceof DropoutLayer).count());
        long l2Layers = full.getConfs().stream().filter(c -> c.getLayer() instanceof BaseLayer b
                && b.getRegularization().equals(List.of(Regularizers.l2(1e-4)))).count();
        assertEquals(4, l2Layers);
        assertEquals(2, full.getConfs().stream().filter(c -> c.getLayer() instanceof ConvolutionLayer).count());
        MultiLayerConfiguration bare = spec(false, 0, 0).toDl4j(3);
        assertEquals(6, bare.getConfs().size());
        assertTrue(bare.getConfs().stream().noneMatch(c -> c.getLayer() instanceof BaseLayer b
                && !b.getRegularization().isEmpty()));
    }

    /**
     * Two convolutions per block (the VGG pattern): per block conv, BN, ReLU, conv, BN, ReLU, pool; both
     * convolutions of block b have filters·2^b outputs, and the first one of block b+1 reads block b's output.
     */
    @Test
    void convolutionsPerBlockRepeatConvBatchNormRelu() {
        MultiLayerConfiguration conf = CnnSpec.defaults(1, 28, 28, 10).withConvs(2).withFilters(8).withDense(16)
                .withRegularization(0, 1e-4, true).toDl4j(3);
        List<String> kinds = conf.getConfs().stream().map(c -> c.getLayer().getClass().getSimpleName()).toList();
        assertEquals(List.of("ConvolutionLayer", "FusedBatchNormalization", "ActivationLayer", "ConvolutionLayer",
                "FusedBatchNormalization", "ActivationLayer", "SubsamplingLayer", "ConvolutionLayer",
                "FusedBatchNormalization", "ActivationLayer", "ConvolutionLayer", "FusedBatchNormalization",
                "ActivationLayer", "SubsamplingLayer", "DenseLayer", "OutputLayer"), kinds);
        List<long[]> inOut = conf.getConfs().stream().filter(c -> c.getLayer() instanceof ConvolutionLayer)
                .map(c -> new long[] {((ConvolutionLayer) c.getLayer()).getNIn(),
                    ((ConvolutionLayer) c.getLayer()).getNOut()}).toList();
        assertEquals(List.of("1->8", "8->8", "8->16", "16->16"), inOut.stream().map(a -> a[0] + "->" + a[1])
                .toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CnnSpec.defaults(1, 28, 28, 10).withConvs(0));
        assertTrue(e.getMessage().contains("--convs"), e.getMessage());
    }

    @Test
    void invalidValuesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> CnnSpec.defaults(1, 28, 28, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CnnSpec.defaults(1, 4, 4, 10).withBlocks(3));
        assertTrue(e.getMessage().contains("--blocks"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> spec(true, 1.0, 0));
    }

    /**
     * The CNN (convolutions, batch norm with its running statistics, pooling, dense) goes through ModelArchive's
     * strict reader: the parameter count it derives from the configuration matches the network's, weights and
     * Adam's state included.
     */
    @Test
    void theCnnRoundTripsThroughTheStrictModelReader(@TempDir Path tmp) {
        MultiLayerNetwork net = new MultiLayerNetwork(CnnSpec.defaults(1, 28, 28, 10).withConvs(2)
                .withRegularization(0.25, 1e-4, true).toDl4j(3));
        net.init();
        net.fit(new DataSet(Nd4j.rand(4, 784), Nd4j.eye(10).getRows(0, 1, 2, 3)));
        Path f = tmp.resolve("cnn.zip");
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS_AND_UPDATER, Map.of());
        MultiLayerNetwork back = ModelArchive.read(f, true).network();
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
    }
}
