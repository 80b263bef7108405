package io.github.reglab.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import io.github.reglab.core.io.ModelArchive;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FlatToCnnPreProcessor}: the reshape it does is checked value by value against the index formula of each
 * layout (and, for NCHW, against DL4J's {@link FeedForwardToCnnPreProcessor}); a network that starts with it in NHWC
 * passes DL4J's {@code GradientCheckUtil} in double precision and round-trips through JSON and {@link ModelArchive}.
 */
class FlatToCnnPreProcessorTest {

    private static final int H = 3;
    private static final int W = 4;
    private static final int C = 2;

    private static INDArray flat(int rows) {
        return Nd4j.arange(rows * H * W * C).castTo(DataType.FLOAT).reshape('c', rows, H * W * C);
    }

    @Test
    void nhwcRowsBecomeChannelLastImages() {
        INDArray x = flat(2);
        INDArray out = new FlatToCnnPreProcessor(H, W, C, CNN2DFormat.NHWC).preProcess(x, 2,
                LayerWorkspaceMgr.noWorkspaces());
        assertEquals(java.util.List.of(2L, (long) H, (long) W, (long) C), java.util.Arrays.stream(out.shape())
                .boxed().toList());
        for (int i = 0; i < 2; i++) {
            for (int y = 0; y < H; y++) {
                for (int xx = 0; xx < W; xx++) {
                    for (int c = 0; c < C; c++) {
                        assertEquals(x.getFloat(i, (y * W + xx) * C + c), out.getFloat(i, y, xx, c),
                                "image " + i + " y " + y + " x " + xx + " c " + c);
                    }
                }
            }
        }
    }

    @Test
    void nchwMatchesDl4jsPreprocessorAndBackpropInvertsTheReshape() {
        INDArray x = flat(3);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        INDArray ours = new FlatToCnnPreProcessor(H, W, C, CNN2DFormat.NCHW).preProcess(x, 3, ws);
        INDArray dl4j = new FeedForwardToCnnPreProcessor(H, W, C).preProcess(x, 3, ws);
        assertEquals(dl4j, ours);
        for (CNN2DFormat f : CNN2DFormat.values()) {
            FlatToCnnPreProcessor p = new FlatToCnnPreProcessor(H, W, C, f);
            INDArray image = p.preProcess(x, 3, ws);
            // a gradient laid out like the activations goes back to the rows' order
            assertEquals(x, p.backprop(image.dup(), 3, ws), f.toString());
        }
    }

    @Test
    void outputTypeAndWrongInputsAreExplained() {
        FlatToCnnPreProcessor p = new FlatToCnnPreProcessor(H, W, C, CNN2DFormat.NHWC);
        assertEquals(InputType.convolutional(H, W, C, CNN2DFormat.NHWC),
                p.getOutputType(InputType.convolutionalFlat(H, W, C)));
        assertEquals(InputType.convolutional(H, W, C, CNN2DFormat.NHWC), p.getOutputType(InputType.feedForward(24)));
        IllegalStateException t = assertThrows(IllegalStateException.class,
                () -> p.getOutputType(InputType.convolutionalFlat(W, H, C)));
        assertTrue(t.getMessage().contains("3x4x2"), t.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.preProcess(Nd4j.zeros(DataType.FLOAT, 2, 23), 2, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("[minibatch, 24]") && e.getMessage().contains("NHWC"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.preProcess(Nd4j.zeros(DataType.FLOAT, 2, C, H, W), 2,
                LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("NHWC"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FlatToCnnPreProcessor(0, W, C, CNN2DFormat.NHWC));
        assertEquals(CNN2DFormat.NCHW, new FlatToCnnPreProcessor(H, W, C, null).format(), "null reads as NCHW");
    }

    /**
     * flat rows → NHWC conv → fused batch norm → max-pool → dense → softmax. The convolution has no bias: batch norm
     * removes it, so its true gradient is 0 and the computed one rounding noise (about 1e-8), which a gradient
     * check would report as a relative error of 1.
     */
    private static MultiLayerNetwork nhwcNet(DataType type) {
        CNN2DFormat f = CNN2DFormat.NHWC;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(type == DataType.DOUBLE ? new Sgd(1.0) : new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).padding(1, 1).dataFormat(f).hasBias(false)
                        .activation(Activation.IDENTITY).build())
                .layer(FusedBatchNormalization.builder().dataFormat(f).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(f).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .inputPreProcessor(0, new FlatToCnnPreProcessor(H, W, C, f))
                .setInputType(InputType.convolutionalFlat(H, W, C)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet data(DataType type, int rows) {
        Nd4j.getRandom().setSeed(11);
        INDArray y = Nd4j.zeros(type, rows, 3);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return new DataSet(Nd4j.rand(type, rows, H * W * C), y);
    }

    @Test
    void gradientCheckInDoublePrecision() {
        DataType previous = Nd4j.dataType();
        DataType previousFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork net = nhwcNet(DataType.DOUBLE);
            DataSet d = data(DataType.DOUBLE, 5);
            // central differences, same tolerances as FusedBatchNormalizationTest; running statistics are not
            // trained by gradient
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                    .input(d.getFeatures()).labels(d.getLabels()).epsilon(1e-6).maxRelError(1e-6)
                    .minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)
                    .excludeParams(Set.of("1_mean", "1_var")));
            assertTrue(ok, "gradient check failed");
        } finally {
            Nd4j.setDefaultDataTypes(previous, previousFloat);
        }
    }

    @Test
    void jsonAndArchiveRoundTrips(@TempDir Path dir) {
        MultiLayerNetwork net = nhwcNet(DataType.FLOAT);
        DataSet d = data(DataType.FLOAT, 8);
        net.fit(d);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertEquals(net.getLayerWiseConfigurations(), back);
        FlatToCnnPreProcessor p = assertInstanceOf(FlatToCnnPreProcessor.class, back.getInputPreProcess(0));
        assertEquals(new FlatToCnnPreProcessor(H, W, C, CNN2DFormat.NHWC), p);
        Path f = dir.resolve("nhwc.zip");
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS_AND_UPDATER, Map.of());
        MultiLayerNetwork read = ModelArchive.read(f, true).network();
        assertEquals(net.output(d.getFeatures(), false), read.output(d.getFeatures(), false));
    }
}
