package io.github.reglab.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import io.github.reglab.core.io.ModelArchive;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FusedBatchNormalization} against its two references: DL4J's {@code GradientCheckUtil} (double precision,
 * central differences, no dropout) for the backward pass, and DL4J's own {@link BatchNormalization} layer for
 * everything else (same parameters copied in, forward in training and inference mode, gradients, running statistics
 * after several Adam steps). Float comparisons use 1e-4 relative tolerance: both layers compute the same formulas in
 * float with different reduction orders (oneDNN against libnd4j's generic loops), which differ by a few ulps per
 * reduction over a few hundred values; a wrong formula (e.g. unbiased variance, a missing mean term) differs by
 * 1e-3 or more.
 */
class FusedBatchNormalizationTest {

    private static final long SEED = 12345;
    private static final int FEATURES = 5;
    private static final int CHANNELS = 3;
    private static final int SIDE = 4;
    private static final int CLASSES = 3;
    private static final double TOLERANCE = 1e-4;

    /** The three input layouts the layer supports. */
    enum Layout {
        DENSE, NCHW, NHWC
    }

    private static Layer fused(Layout layout, int n) {
        return FusedBatchNormalization.builder().nOut(n)
                .dataFormat(layout == Layout.NHWC ? CNN2DFormat.NHWC : CNN2DFormat.NCHW).build();
    }

    private static Layer stock(Layout layout, int n) {
        return new BatchNormalization.Builder().nOut(n).useLogStd(false)
                .dataFormat(layout == Layout.NHWC ? CNN2DFormat.NHWC : CNN2DFormat.NCHW).build();
    }

    /** dense → BN → tanh/softmax, or conv → BN → global average pooling → softmax. */
    private static MultiLayerNetwork net(Layout layout, boolean useFused, DataType type, IUpdater updater) {
        var list = new NeuralNetConfiguration.Builder().seed(SEED).dataType(type).updater(updater)
                .weightInit(WeightInit.XAVIER).list();
        if (layout == Layout.DENSE) {
            list.layer(new DenseLayer.Builder().nIn(FEATURES).nOut(FEATURES).activation(Activation.IDENTITY).build())
                    .layer(useFused ? fused(layout, FEATURES) : stock(layout, FEATURES))
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(FEATURES).nOut(CLASSES)
                            .activation(Activation.SOFTMAX).build());
        } else {
            CNN2DFormat f = layout == Layout.NHWC ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
            list.layer(new ConvolutionLayer.Builder(2, 2).nOut(CHANNELS).dataFormat(f)
                            .activation(Activation.IDENTITY).build())
                    .layer(useFused ? fused(layout, CHANNELS) : stock(layout, CHANNELS))
                    .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                            .activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(SIDE, SIDE, 2, f));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static DataSet data(Layout layout, int rows, DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        long[] shape = switch (layout) {
            case DENSE -> new long[] {rows, FEATURES};
            case NCHW -> new long[] {rows, 2, SIDE, SIDE};
            case NHWC -> new long[] {rows, SIDE, SIDE, 2};
        };
        // mean 3, sd 2: batch statistics far from the running statistics' initial 0 and 1
        INDArray x = Nd4j.randn(type, shape).muli(2).addi(3);
        INDArray y = Nd4j.zeros(type, rows, CLASSES);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, i % CLASSES, 1);
        }
        return new DataSet(x, y);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Layout.class)
    void gradientCheckInDoublePrecision(Layout layout) {
        DataType previous = Nd4j.dataType();
        DataType previousFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork net = net(layout, true, DataType.DOUBLE, new Sgd(1.0));
            DataSet d = data(layout, 6, DataType.DOUBLE, 7);
            // the running statistics are not trained by gradient: their "gradient" is the running-average delta
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                    .input(d.getFeatures()).labels(d.getLabels()).epsilon(1e-6).maxRelError(1e-6)
                    .minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)
                    .excludeParams(Set.of("1_mean", "1_var")));
            assertTrue(ok, "gradient check failed for " + layout);
        } finally {
            Nd4j.setDefaultDataTypes(previous, previousFloat);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Layout.class)
    void equalsDl4jLayerInTrainingAndInference(Layout layout) {
        MultiLayerNetwork ours = net(layout, true, DataType.FLOAT, new Adam(1e-2));
        MultiLayerNetwork theirs = net(layout, false, DataType.FLOAT, new Adam(1e-2));
        // random gamma and beta (not 1 and 0) so that both enter the comparison
        Nd4j.getRandom().setSeed(3);
        theirs.params().assign(Nd4j.rand(DataType.FLOAT, theirs.params().shape()).addi(0.5));
        ours.setParams(theirs.params().dup());
        DataSet d = data(layout, 32, DataType.FLOAT, 11);

        assertClose(theirs.output(d.getFeatures(), true), ours.output(d.getFeatures(), true), "training output");
        assertClose(theirs.output(d.getFeatures(), false), ours.output(d.getFeatures(), false), "inference output");

        theirs.setInput(d.getFeatures());
        theirs.setLabels(d.getLabels());
        theirs.computeGradientAndScore();
        ours.setInput(d.getFeatures());
        ours.setLabels(d.getLabels());
        ours.computeGradientAndScore();
        assertEquals(theirs.score(), ours.score(), TOLERANCE * Math.abs(theirs.score()), "score");
        for (Map.Entry<String, INDArray> e : theirs.gradient().gradientForVariable().entrySet()) {
            assertClose(e.getValue(), ours.gradient().gradientForVariable().get(e.getKey()), "gradient " + e.getKey());
        }

        for (int step = 0; step < 5; step++) {
            DataSet b = data(layout, 32, DataType.FLOAT, 100 + step);
            theirs.fit(b);
            ours.fit(b);
        }
        for (Map.Entry<String, INDArray> e : theirs.paramTable().entrySet()) {
            assertClose(e.getValue(), ours.paramTable().get(e.getKey()), "after 5 Adam steps: " + e.getKey());
        }
        INDArray runningMean = ours.paramTable().get("1_mean");
        assertTrue(runningMean.amaxNumber().doubleValue() > 0.1, "the running mean moved from 0: " + runningMean);
        assertClose(theirs.output(d.getFeatures()), ours.output(d.getFeatures()), "inference output after training");
    }

    @Test
    void worksInAComputationGraphLikeDl4jLayer() {
        ComputationGraph ours = graph(true);
        ComputationGraph theirs = graph(false);
        ours.setParams(theirs.params().dup());
        for (int step = 0; step < 3; step++) {
            DataSet b = data(Layout.DENSE, 32, DataType.FLOAT, 200 + step);
            ours.fit(b);
            theirs.fit(b);
        }
        assertInstanceOf(FusedBatchNormalizationLayer.class, ours.getLayer("bn"));
        for (Map.Entry<String, INDArray> e : theirs.paramTable().entrySet()) {
            assertClose(e.getValue(), ours.paramTable().get(e.getKey()), "graph after 3 Adam steps: " + e.getKey());
        }
    }

    private static ComputationGraph graph(boolean useFused) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(SEED).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(FEATURES).nOut(FEATURES)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", useFused ? fused(Layout.DENSE, FEATURES) : stock(Layout.DENSE, FEATURES), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(FEATURES)
                        .nOut(CLASSES).activation(Activation.SOFTMAX).build(), "bn")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void runningStatisticsFollowTheDecayRule() {
        MultiLayerNetwork net = net(Layout.DENSE, true, DataType.DOUBLE, new Sgd(0));
        DataSet d = data(Layout.DENSE, 50, DataType.DOUBLE, 5);
        INDArray h = net.feedForwardToLayer(0, d.getFeatures(), true).get(1);
        INDArray batchMean = h.mean(0);
        INDArray batchVar = h.var(false, 0);
        net.fit(d); // learning rate 0: only the running statistics change
        // running = 0.9·initial + 0.1·batch, initial mean 0 and variance 1
        assertClose(batchMean.mul(0.1), net.getParam("1_mean"), "running mean");
        assertClose(batchVar.mul(0.1).addi(0.9), net.getParam("1_var"), "running variance");
    }

    @Test
    void jsonAndArchiveRoundTrips(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = net(Layout.NHWC, true, DataType.FLOAT, new Adam(1e-2));
        DataSet d = data(Layout.NHWC, 16, DataType.FLOAT, 9);
        net.fit(d);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertEquals(net.getLayerWiseConfigurations(), back);
        FusedBatchNormalization layer = assertInstanceOf(FusedBatchNormalization.class, back.getConf(1).getLayer());
        assertEquals(CNN2DFormat.NHWC, layer.getCnn2DFormat());
        assertFalse(layer.isUseLogStd());

        Path file = dir.resolve("model.zip");
        ModelArchive.write(file, net, ModelArchive.Include.WEIGHTS_AND_UPDATER, Map.of());
        MultiLayerNetwork read = ModelArchive.read(file, true).network();
        assertEquals(net.params(), read.params());
        assertEquals(net.output(d.getFeatures()), read.output(d.getFeatures()));
        read.fit(d);
        net.fit(d);
        assertEquals(net.params(), read.params(), "the updater state came back too");
    }

    /** DL4J's reader sets useLogStd from the variable list, which is empty before init (DL4J's layer flips). */
    @Test
    void uninitializedConfigurationRoundTripsThroughJson() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(FEATURES).build())
                .layer(fused(Layout.DENSE, FEATURES))
                .layer(new OutputLayer.Builder().nIn(FEATURES).nOut(CLASSES).build()).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertFalse(((FusedBatchNormalization) back.getConf(1).getLayer()).isUseLogStd());
    }

    @Test
    void refusesWrongInput() {
        MultiLayerNetwork net = net(Layout.DENSE, true, DataType.FLOAT, new Adam(1e-2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> net.getLayer(1).activate(Nd4j.ones(DataType.FLOAT, 4, FEATURES + 1), true,
                        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("has 5 channels but its input has 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FusedBatchNormalization.builder().decay(1));
        assertThrows(IllegalArgumentException.class, () -> FusedBatchNormalization.builder().eps(0));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.length(), actual.length(), what + ": length");
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).reshape(expected.length())
                .sub(actual.castTo(DataType.DOUBLE).reshape(actual.length())).amaxNumber().doubleValue();
        assertTrue(diff <= TOLERANCE * scale, String.format("%s: max |difference| %.3g > %.1g × %.3g", what, diff,
                TOLERANCE, scale));
    }
}
