package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.io.ModelArchive;
import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.layers.FusedBatchNormalization;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.train.LearningRateSpec;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class CnnSpecTest {

    private static CnnSpec spec(boolean bn, double drop, double l2) {
        return CnnSpec.defaults(1, 28, 28, 10).withRegularization(drop, l2, bn ? BatchNorm.FUSED : BatchNorm.NONE)
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
        MultiLayerConfiguration stock = spec(true, 0.25, 1e-4).withBatchNorm(BatchNorm.DL4J).toDl4j(3);
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
                .withRegularization(0, 1e-4, BatchNorm.FUSED).toDl4j(3);
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
                .withRegularization(0.25, 1e-4, BatchNorm.FUSED).toDl4j(3));
        net.init();
        net.fit(new DataSet(Nd4j.rand(4, 784), Nd4j.eye(10).getRows(0, 1, 2, 3)));
        Path f = tmp.resolve("cnn.zip");
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS_AND_UPDATER, Map.of());
        MultiLayerNetwork back = ModelArchive.read(f, true).network();
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
    }

    /**
     * NHWC is the same network in another layout: with the NCHW network's parameters copied in (the dense layer's
     * input rows reordered from {@code c, y, x} to {@code y, x, c}, the flatten order of each layout), it gives the
     * same outputs in training and inference mode, the same loss and the same gradients on the same images. Float
     * tolerance 1e-5 absolute on probabilities and 1e-4 relative on gradients: the two layouts sum the same products
     * in different orders (a few ulps); a wrong reordering of the rows changes outputs by 1e-2 or more.
     */
    @Test
    void nhwcComputesTheSameFunctionAsNchw() {
        CnnSpec small = CnnSpec.defaults(3, 8, 8, 4).withConvs(2).withFilters(2).withDense(5)
                .withRegularization(0, 1e-4, BatchNorm.FUSED);
        MultiLayerNetwork first = new MultiLayerNetwork(small.toDl4j(5));
        first.init();
        MultiLayerNetwork last = new MultiLayerNetwork(small.withLayout(CNN2DFormat.NHWC).toDl4j(5));
        last.init();
        assertTrue(last.getLayerWiseConfigurations().getConfs().stream().map(c -> c.getLayer())
                .filter(l -> l instanceof ConvolutionLayer || l instanceof SubsamplingLayer
                        || l instanceof BatchNormalization)
                .allMatch(l -> CNN2DFormat.NHWC == (l instanceof ConvolutionLayer cl ? cl.getCnn2dDataFormat()
                        : l instanceof SubsamplingLayer sl ? sl.getCnn2dDataFormat()
                        : ((BatchNormalization) l).getCnn2DFormat())), "every image layer is NHWC");
        int dense = -1;
        for (int i = 0; i < first.getnLayers(); i++) {
            if (first.getLayerWiseConfigurations().getConf(i).getLayer() instanceof DenseLayer) {
                dense = i;
            }
        }
        // 2 blocks halve 8x8 twice: 4 channels of 2x2 enter the dense layer
        for (Map.Entry<String, INDArray> e : first.paramTable().entrySet()) {
            INDArray v = e.getValue();
            if (e.getKey().equals(dense + "_W")) {
                v = v.reshape('c', 4, 2, 2, 5).permute(1, 2, 0, 3).dup('c').reshape('c', 16, 5);
            }
            last.setParam(e.getKey(), v);
        }
        ImageSet images = new ImageSet(Nd4j.rand(DataType.FLOAT, 6, 3 * 8 * 8), new int[] {0, 1, 2, 3, 0, 1}, 3, 8,
                8, List.of("a", "b", "c", "d"));
        ImageSet nhwc = images.inLayout(CNN2DFormat.NHWC);
        assertEquals(CNN2DFormat.NHWC, nhwc.layout());
        for (boolean train : new boolean[] {true, false}) {
            INDArray a = first.output(images.features(), train);
            INDArray b = last.output(nhwc.features(), train);
            assertTrue(a.equalsWithEps(b, 1e-5), "train " + train + ": " + a + " vs " + b);
        }
        DataSet d1 = images.toDataSet(new int[] {0, 1, 2, 3, 4, 5});
        DataSet d2 = nhwc.toDataSet(new int[] {0, 1, 2, 3, 4, 5});
        first.setInput(d1.getFeatures());
        first.setLabels(d1.getLabels());
        first.computeGradientAndScore();
        last.setInput(d2.getFeatures());
        last.setLabels(d2.getLabels());
        last.computeGradientAndScore();
        assertEquals(first.score(), last.score(), 1e-5);
        INDArray g1 = first.gradient().getGradientFor("0_W");
        INDArray g2 = last.gradient().getGradientFor("0_W");
        double scale = g1.norm2Number().doubleValue();
        assertTrue(scale > 0 && g1.sub(g2).norm2Number().doubleValue() <= 1e-4 * scale, g1 + " vs " + g2);
    }

    @Test
    void nhwcNetworkRoundTripsThroughJson() {
        MultiLayerConfiguration conf = spec(true, 0.25, 1e-4).withLayout(CNN2DFormat.NHWC).toDl4j(3);
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
    }

    /**
     * Max-norm bounds each unit's incoming weights after every update, on DL4J's path and the compiled step: every
     * filter of W[nOut, nIn, kH, kW] and every column of a dense W[nIn, nOut] has L2 norm at most C (DL4J divides by
     * norm + 1e-6, so 1e-5 slack). The same training without the constraint leaves some above C, so the bound is the
     * constraint's doing; the constrained network, with Gaussian dropout, round-trips through the strict model reader.
     */
    @Test
    void maxNormBoundsEachUnitsIncomingWeights(@TempDir Path tmp) {
        double c = 0.3;
        CnnSpec base = CnnSpec.defaults(1, 8, 8, 3).withConvs(1).withFilters(4).withDense(6)
                .withLearningRate(LearningRateSpec.constant(0.05));
        DataSet ds = new DataSet(Nd4j.rand(DataType.FLOAT, 16, 64), Nd4j.eye(3).castTo(DataType.FLOAT)
                .getRows(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0));
        double free = largestUnitNorm(trained(base, ds, false));
        assertTrue(free > c, "without the constraint some unit's weights exceed " + c + ": " + free);
        CnnSpec bounded = base.with(new CnnSpec.Penalties(0.2, true, 0, c));
        for (boolean compiled : new boolean[] {false, true}) {
            MultiLayerNetwork net = trained(bounded, ds, compiled);
            assertTrue(largestUnitNorm(net) <= c + 1e-5, (compiled ? "compiled: " : "dl4j: ")
                    + largestUnitNorm(net));
        }
        MultiLayerNetwork net = trained(bounded, ds, false);
        assertTrue(net.getLayerWiseConfigurations().getConfs().stream().anyMatch(conf -> conf.getLayer()
                instanceof DropoutLayer d && d.getIDropout() instanceof org.deeplearning4j.nn.conf.dropout
                .GaussianDropout));
        Path f = tmp.resolve("bounded.zip");
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS_AND_UPDATER, Map.of());
        assertEquals(net.params(), ModelArchive.read(f, true).network().params());
    }

    /**
     * --label-smoothing puts the smoothed cross-entropy in the output layer: the network's score is the closed form
     * {@code −mean Σ_k ((1 − ε)·y_k + ε/K)·log p_k} computed here from its own softmax output (ε = 0.1, K = 3, no
     * dropout, double precision: 1e-10), the compiled step and DL4J's fit train it to the same weights (float,
     * 30 steps: 1e-5), and the network round-trips through the strict model reader.
     */
    @Test
    void labelSmoothingIsTheOutputLayersLoss(@TempDir Path tmp) {
        double eps = 0.1;
        CnnSpec smoothed = CnnSpec.defaults(1, 8, 8, 3).withConvs(1).withFilters(4).withDense(6)
                .withLearningRate(LearningRateSpec.constant(0.05)).with(new CnnSpec.Penalties(0, false, 0, 0, eps, 0));
        MultiLayerConfiguration conf = smoothed.toDl4j(9);
        conf.setDataType(DataType.DOUBLE);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 64);
        INDArray y = Nd4j.eye(3).castTo(DataType.DOUBLE).getRows(0, 1, 2, 2, 1, 0);
        INDArray p = net.output(x, false);
        double expected = 0;
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 3; k++) {
                expected -= ((1 - eps) * y.getDouble(i, k) + eps / 3) * Math.log(p.getDouble(i, k));
            }
        }
        assertEquals(expected / 6, net.score(new DataSet(x, y), false), 1e-10);
        assertEquals(new io.github.reglab.core.loss.LabelSmoothedCrossEntropy(eps),
                ((org.deeplearning4j.nn.conf.layers.OutputLayer) conf.getConf(conf.getConfs().size() - 1).getLayer())
                        .getLossFn());
        DataSet ds = new DataSet(Nd4j.rand(DataType.FLOAT, 16, 64), Nd4j.eye(3).castTo(DataType.FLOAT)
                .getRows(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0));
        MultiLayerNetwork dl4j = trained(smoothed, ds, false);
        MultiLayerNetwork compiled = trained(smoothed, ds, true);
        assertTrue(dl4j.params().equalsWithEps(compiled.params(), 1e-5), "the compiled step trains as fit does");
        assertTrue(!dl4j.params().equalsWithEps(trained(smoothed.with(new CnnSpec.Penalties(0, false, 0, 0)), ds,
                false).params(), 1e-5), "smoothing changes the training");
        Path f = tmp.resolve("smoothed.zip");
        ModelArchive.write(f, dl4j, ModelArchive.Include.WEIGHTS_AND_UPDATER, Map.of());
        assertEquals(dl4j.params(), ModelArchive.read(f, true).network().params());
    }

    /**
     * --spatial-dropout puts a channel dropout in the image's layout after each block's pooling; inference leaves it
     * out (two outputs equal), training through the compiled step drops whole feature maps (its forward pass in
     * training mode differs from inference), and the network round-trips through the strict model reader.
     */
    @Test
    void spatialDropoutFollowsEachBlock(@TempDir Path tmp) {
        CnnSpec spec = CnnSpec.defaults(1, 8, 8, 3).withConvs(1).withFilters(4).withDense(6)
                .withLayout(CNN2DFormat.NHWC).with(new CnnSpec.Penalties(0, false, 0, 0, 0, 0.3));
        MultiLayerConfiguration conf = spec.toDl4j(9);
        List<io.github.reglab.core.layers.ChannelDropout> drops = conf.getConfs().stream()
                .filter(c -> c.getLayer() instanceof DropoutLayer).map(c -> ((DropoutLayer) c.getLayer())
                        .getIDropout()).map(io.github.reglab.core.layers.ChannelDropout.class::cast).toList();
        assertEquals(List.of(io.github.reglab.core.layers.ChannelDropout.ofDropRate(0.3, CNN2DFormat.NHWC),
                io.github.reglab.core.layers.ChannelDropout.ofDropRate(0.3, CNN2DFormat.NHWC)), drops);
        for (int i = 0; i < conf.getConfs().size(); i++) {
            if (conf.getConf(i).getLayer() instanceof DropoutLayer) {
                assertTrue(conf.getConf(i - 1).getLayer() instanceof SubsamplingLayer, "after a pooling layer");
            }
        }
        DataSet ds = new DataSet(Nd4j.rand(DataType.FLOAT, 16, 64), Nd4j.eye(3).castTo(DataType.FLOAT)
                .getRows(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0));
        MultiLayerNetwork net = trained(spec, ds, true);
        INDArray x = ds.getFeatures();
        assertEquals(net.output(x, false), net.output(x, false), "no dropout at inference");
        assertTrue(!net.output(x, true).equalsWithEps(net.output(x, false), 1e-6), "dropout in training mode");
        Path f = tmp.resolve("spatial.zip");
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS_AND_UPDATER, Map.of());
        MultiLayerNetwork read = ModelArchive.read(f, true).network();
        assertEquals(net.params(), read.params());
        assertTrue(conf.getConf(2).getLayer() instanceof DropoutLayer);
        assertEquals(conf.getConf(2).getLayer(), read.getLayerWiseConfigurations().getConf(2).getLayer());
    }

    private static MultiLayerNetwork trained(CnnSpec spec, DataSet ds, boolean compiled) {
        MultiLayerNetwork net = new MultiLayerNetwork(spec.toDl4j(9));
        net.init();
        try (io.github.reglab.core.step.CompiledStep step = compiled ? io.github.reglab.core.step.CompiledStep.of(net)
                : null) {
            for (int i = 0; i < 30; i++) {
                if (step != null) {
                    step.fit(ds);
                } else {
                    net.fit(ds);
                }
            }
        }
        return net;
    }

    /** The largest L2 norm of a unit's incoming weights: conv filters (dims 1–3), dense and output columns (dim 0). */
    private static double largestUnitNorm(MultiLayerNetwork net) {
        double largest = 0;
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            INDArray w = l.getParam("W");
            if (w == null) {
                continue;
            }
            INDArray norms = w.rank() == 4 ? w.norm2(1, 2, 3) : w.norm2(0);
            largest = Math.max(largest, norms.maxNumber().doubleValue());
        }
        return largest;
    }
}
