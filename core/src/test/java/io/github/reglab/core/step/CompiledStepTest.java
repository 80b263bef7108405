package io.github.reglab.core.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.reglab.core.layers.FlatToCnnPreProcessor;
import io.github.reglab.core.layers.FusedBatchNormalization;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The compiled step computes DL4J's gradients and loss. Every network below is built twice from one configuration
 * and seed; DL4J's {@code computeGradientAndScore} fills one network's gradient views, the compiled step the
 * other's, and every gradient element and the data loss must agree.
 *
 * <p>Double precision, relative error {@code max|g₁ − g₂| / max|g₁|} ≤ 1e-10, with batch-norm backward by
 * libnd4j's {@code batchnorm_bp} as DL4J's layer uses it. Both sides compute the same sums in different orders (a
 * matrix product against DL4J's im2col product); with at most a few thousand terms per sum the rounding differences
 * stay near 1e-14, so 1e-10 leaves four orders of margin while any real error (a missing term, a wrong sign, a
 * transposed view) shows at 1e-2 or above. With the composed batch-norm backward the bound is 1e-7: libnd4j's
 * {@code batchnorm_bp} is itself off the true derivative by about 2e-8 relative, where the composed form is within
 * finite-difference noise ({@link BatchNormNodeTest}).
 *
 * <p>Float precision: the reference is DL4J's double-precision gradient at the same (float-rounded) parameters and
 * data, relative error ≤ 1e-5 (float rounds at 6e-8; sums of a few hundred terms). Not DL4J's float path: with the
 * oneDNN natives and helpers on, DL4J M2.1's NHWC convolution computes wrong weight gradients in float (relative
 * error above 1 against its own double path; {@link #dl4jsOnednnNhwcConvolutionGradientIsWrongInFloat}).
 */
class CompiledStepTest {

    private static final double DOUBLE_TOLERANCE = 1e-10;
    private static final double COMPOSED_BN_TOLERANCE = 1e-7;
    private static final double FLOAT_TOLERANCE = 1e-5;

    /** A named network builder: data type in, configuration out. */
    record Case(String name, Function<DataType, MultiLayerConfiguration> conf, long[] inputShape, int classes,
            boolean weightedOrMasked) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("dense relu, weighted softmax cross-entropy", t -> mlp(t, false, 0, true), new long[] {7}, 3,
                        false),
                new Case("dense → fused BN → relu → output", t -> mlp(t, true, 0, false), new long[] {7}, 3, false),
                new Case("sigmoid cross-entropy, 2 outputs", CompiledStepTest::sigmoidXent, new long[] {5}, 2, false),
                new Case("MSE with tanh output", CompiledStepTest::mse, new long[] {5}, 3, false),
                new Case("label-smoothed weighted cross-entropy (a loss the step does not fuse)",
                        CompiledStepTest::labelSmoothed, new long[] {5}, 3, false),
                new Case("leaky relu and elu (DL4J's activation code)", CompiledStepTest::otherActivations,
                        new long[] {6}, 2, false),
                new Case("CNN NHWC: conv (no bias) → fused BN → relu → max pool → conv → avg pool → dense",
                        t -> cnn(t, CNN2DFormat.NHWC, ConvolutionMode.Truncate), new long[] {6 * 6 * 2}, 3, false),
                new Case("CNN NCHW, same mode, DL4J's preprocessors, libnd4j BN backward",
                        t -> cnn(t, CNN2DFormat.NCHW, ConvolutionMode.Same), new long[] {6 * 6 * 2}, 3, false))
                .map(Arguments::of);
    }

    static MultiLayerConfiguration mlp(DataType type, boolean batchNorm, double drop, boolean weighted) {
        var list = new NeuralNetConfiguration.Builder().seed(11).dataType(type).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(7).nOut(5)
                        .activation(batchNorm ? Activation.IDENTITY : Activation.RELU).build());
        if (batchNorm) {
            list.layer(FusedBatchNormalization.builder().nOut(5).build());
            list.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
        }
        if (drop > 0) {
            list.layer(new DropoutLayer.Builder().dropOut(new Dropout(1 - drop)).build());
        }
        LossMCXENT loss = weighted ? new LossMCXENT(Nd4j.createFromArray(1.0, 3.0, 0.5)) : new LossMCXENT();
        return list.layer(new OutputLayer.Builder(loss).nIn(5).nOut(3).activation(Activation.SOFTMAX).build()).build();
    }

    static MultiLayerConfiguration sigmoidXent(DataType type) {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(type).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(4).nOut(2)
                        .activation(Activation.SIGMOID).build())
                .build();
    }

    static MultiLayerConfiguration labelSmoothed(DataType type) {
        return new NeuralNetConfiguration.Builder().seed(14).dataType(type).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(new io.github.reglab.core.loss.LabelSmoothedCrossEntropy(0.1,
                        new double[] {1, 2, 0.5})).nIn(4).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
    }

    static MultiLayerConfiguration mse(DataType type) {
        return new NeuralNetConfiguration.Builder().seed(13).dataType(type).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(3)
                        .activation(Activation.TANH).build())
                .build();
    }

    static MultiLayerConfiguration otherActivations(DataType type) {
        return new NeuralNetConfiguration.Builder().seed(14).dataType(type).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.LEAKYRELU).build())
                .layer(new ActivationLayer.Builder().activation(Activation.ELU).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).hasBias(false).activation(Activation.SOFTPLUS).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    static MultiLayerConfiguration cnn(DataType type, CNN2DFormat format, ConvolutionMode mode) {
        var list = new NeuralNetConfiguration.Builder().seed(15).dataType(type).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).convolutionMode(mode).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).hasBias(false).dataFormat(format)
                        .activation(Activation.IDENTITY).build())
                .layer(FusedBatchNormalization.builder().dataFormat(format).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).stride(1, 1).dataFormat(format)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(1, 1)
                        .dataFormat(format).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build());
        if (format == CNN2DFormat.NHWC) {
            list.inputPreProcessor(0, new FlatToCnnPreProcessor(6, 6, 2, format));
        }
        return list.setInputType(InputType.convolutionalFlat(6, 6, 2)).build();
    }

    @ParameterizedTest(name = "{0}, double")
    @MethodSource("cases")
    void gradientsAndLossEqualDl4jsInDouble(Case c) {
        assertSameGradients(c, DataType.DOUBLE, BatchNormBackward.LIBND4J, DataType.DOUBLE, DOUBLE_TOLERANCE, 16,
                null);
    }

    @ParameterizedTest(name = "{0}, double, composed batch-norm backward")
    @MethodSource("cases")
    void composedBatchNormBackwardStaysWithinLibnd4jsOwnError(Case c) {
        assertSameGradients(c, DataType.DOUBLE, BatchNormBackward.COMPOSED, DataType.DOUBLE, COMPOSED_BN_TOLERANCE,
                16, null);
    }

    @ParameterizedTest(name = "{0}, float")
    @MethodSource("cases")
    void gradientsAndLossInFloatEqualTheDoublePrecisionGradient(Case c) {
        assertSameGradients(c, DataType.FLOAT, BatchNormBackward.COMPOSED, DataType.DOUBLE, FLOAT_TOLERANCE, 16,
                null);
    }

    /** A per-example label mask zeroes the masked examples' loss and gradient, as in DL4J's output layer. */
    @Test
    void labelMaskMatchesDl4j() {
        Case c = new Case("masked", t -> mlp(t, true, 0, true), new long[] {7}, 3, true);
        INDArray mask = Nd4j.createFromArray(1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0).reshape(10, 1);
        assertSameGradients(c, DataType.DOUBLE, BatchNormBackward.LIBND4J, DataType.DOUBLE, DOUBLE_TOLERANCE, 10,
                mask);
        assertSameGradients(c, DataType.FLOAT, BatchNormBackward.COMPOSED, DataType.DOUBLE, FLOAT_TOLERANCE, 10, mask);
    }

    /**
     * Why the float reference is DL4J's double path: with the oneDNN natives and DL4J's helpers on (as
     * {@code NativeSetup} and these tests configure them), DL4J M2.1's convolution layer in NHWC computes its weight
     * gradient wrongly in float (its forward pass is right). Its NCHW float gradient, its double gradient and the
     * compiled step's float gradient agree with the truth; the NHWC one is off by more than the gradient itself.
     */
    @Test
    void dl4jsOnednnNhwcConvolutionGradientIsWrongInFloat() {
        Case c = new Case("NHWC convolution", t -> cnn(t, CNN2DFormat.NHWC, ConvolutionMode.Truncate),
                new long[] {6 * 6 * 2}, 3, false);
        double dl4jFloat = relativeError(c, DataType.FLOAT, null, DataType.DOUBLE, 16, null);
        double compiledFloat = relativeError(c, DataType.FLOAT, BatchNormBackward.COMPOSED, DataType.DOUBLE, 16, null);
        assertTrue(compiledFloat <= FLOAT_TOLERANCE, "compiled step " + compiledFloat);
        assertTrue(dl4jFloat > 0.1, "DL4J's float NHWC gradient is right now (relative error " + dl4jFloat
                + "): the warning in Trainer and docs/benchmarks.md can go");
    }

    /**
     * With the random generator at the same state, the compiled step draws DL4J's dropout masks: the same
     * operations on the same generator in the same order, so gradients with dropout agree as without.
     */
    @Test
    void dropoutDrawsDl4jsMasks() {
        Case c = new Case("dropout", t -> mlp(t, true, 0.4, false), new long[] {7}, 3, false);
        assertSameGradients(c, DataType.DOUBLE, BatchNormBackward.LIBND4J, DataType.DOUBLE, DOUBLE_TOLERANCE, 32,
                null);
        Case gaussian = new Case("gaussian dropout on a dense input", t -> new NeuralNetConfiguration.Builder()
                .seed(16).dataType(t).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(7).nOut(5).activation(Activation.RELU)
                        .dropOut(new GaussianDropout(0.3)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .dropOut(new Dropout(0.7)).activation(Activation.SOFTMAX).build()).build(),
                new long[] {7}, 3, false);
        assertSameGradients(gaussian, DataType.DOUBLE, BatchNormBackward.LIBND4J, DataType.DOUBLE,
                DOUBLE_TOLERANCE, 32, null);
    }

    private static void assertSameGradients(Case c, DataType type, BatchNormBackward bn, DataType referenceType,
            double tolerance, int n, INDArray mask) {
        double error = relativeError(c, type, bn, referenceType, n, mask);
        assertTrue(error <= tolerance, String.format(Locale.ROOT, "%s %s (%s batch-norm backward): gradient or loss "
                + "relative error %.3g > %.0g", c.name(), type, bn, error, tolerance));
    }

    /**
     * Builds the case's network in {@code type}, computes its gradient and loss with the compiled step (or, with
     * {@code bn} null, with DL4J's float path) and with DL4J's {@code computeGradientAndScore} in
     * {@code referenceType} at the same parameters and data, and returns the larger of the gradient's relative error
     * ({@code max|Δg| / max|g|}) and the loss's.
     */
    private static double relativeError(Case c, DataType type, BatchNormBackward bn, DataType referenceType, int n,
            INDArray mask) {
        MultiLayerNetwork trained = new MultiLayerNetwork(c.conf().apply(type));
        trained.init();
        MultiLayerNetwork reference = new MultiLayerNetwork(c.conf().apply(referenceType));
        reference.init();
        reference.setParams(trained.params().castTo(referenceType));
        INDArray[] data = data(c, n, type);

        Nd4j.getRandom().setSeed(77);
        reference.setInput(data[0].castTo(referenceType));
        reference.setLabels(data[1].castTo(referenceType));
        reference.setLayerMaskArrays(null, mask == null ? null : mask.castTo(referenceType));
        reference.computeGradientAndScore();
        double expectedLoss = reference.score() - reference.calcRegularizationScore(true);
        INDArray expected = reference.getGradientsViewArray().dup();

        Nd4j.getRandom().setSeed(77);
        double loss;
        if (bn == null) {
            trained.setInput(data[0]);
            trained.setLabels(data[1]);
            trained.setLayerMaskArrays(null, mask == null ? null : mask.castTo(type));
            trained.computeGradientAndScore();
            loss = trained.score() - trained.calcRegularizationScore(true);
        } else {
            loss = CompiledStep.of(trained, bn).gradient(data[0], data[1], mask == null ? null : mask.castTo(type))
                    / n;
        }
        INDArray actual = trained.getGradientsViewArray().castTo(referenceType);
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, "DL4J's gradient is all zero: the case tests nothing");
        double gradientError = expected.sub(actual).amaxNumber().doubleValue() / scale;
        double lossError = Math.abs(expectedLoss - loss) / Math.max(1, Math.abs(expectedLoss));
        return Math.max(gradientError, lossError);
    }

    /** Standard normal features and one-hot labels of random classes. */
    static INDArray[] data(Case c, int n, DataType type) {
        Random r = new Random(5);
        long[] shape = new long[c.inputShape().length + 1];
        shape[0] = n;
        System.arraycopy(c.inputShape(), 0, shape, 1, c.inputShape().length);
        INDArray x = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < x.length(); i++) {
            x.putScalar(i, r.nextGaussian());
        }
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, c.classes());
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(c.classes()), 1.0);
        }
        return new INDArray[] {x.castTo(type), y.castTo(type)};
    }

    @Test
    void uncoveredLayersAreNamed() {
        MultiLayerNetwork lstm = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new LSTM.Builder().nIn(3).nOut(4).build())
                .layer(new RnnOutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build()).build());
        lstm.init();
        assertEquals("layer 0 (LSTM) is not covered", CompiledStep.unsupported(lstm).orElseThrow());
        MultiLayerNetwork stockBn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new BatchNormalization.Builder().nOut(4).build())
                .layer(new OutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build()).build());
        stockBn.init();
        assertEquals("layer 1 (BatchNormalization) is not covered", CompiledStep.unsupported(stockBn).orElseThrow());
        MultiLayerNetwork noisy = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).weightNoise(new DropConnect(0.5)).build())
                .layer(new OutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build()).build());
        noisy.init();
        assertTrue(CompiledStep.unsupported(noisy).orElseThrow().startsWith("layer 0 (DenseLayer) has weight noise"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompiledStep.of(lstm));
        assertTrue(e.getMessage().contains("LSTM"), e.getMessage());
        assertTrue(CompiledStep.unsupported(new MultiLayerNetwork(mlp(DataType.FLOAT, true, 0.1, true))).isEmpty());
    }
}
