package io.github.reglab.core.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.reglab.core.layers.FusedBatchNormalization;
import io.github.reglab.core.regularization.LayerRegularization;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.regularization.UpdaterMetric;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * 200 training steps through DL4J's {@code fit} and through the compiled step, from the same weights, on the same
 * minibatches, with the random generator seeded alike (so dropout draws the same masks): the parameters and the
 * updater state must end where DL4J's do, for SGD and Adam (with a learning-rate schedule) and each way a
 * regularizer enters training: a subgradient before the updater (L2, L1, elastic net), decoupled weight decay after
 * it, and the proximal steps (plain and in Adam's metric) that make exact zeros.
 *
 * <p>Float precision, as the applications train. The two paths round differently (batch norm's backward is
 * composed here and libnd4j's fused kernel there), by about 1e-7 relative per step; after 200 steps the largest
 * difference measured is 2.4e-7 against weights up to 3.5, i.e. below 1e-7 relative. The bound is 1e-5 relative:
 * a hundred times that, and far below what any real divergence (a mask drawn differently, a regularizer applied
 * twice or not at all, a skipped division by the minibatch size) produces, which is above 1e-2.
 *
 * <p>The dense layer before batch norm has no bias, as the applications build it: batch norm cancels such a bias,
 * so its true gradient is 0 and the computed one is rounding noise (1e-9), which Adam divides by its own √v into
 * full-size steps of random sign, different on each path. With that bias the two runs' biases (and the running means
 * that absorb them) drift apart by 1e-2 while computing the same function.
 */
class CompiledStepTrajectoryTest {

    private static final int STEPS = 200;
    private static final int BATCH = 32;
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> cases() {
        Supplier<IUpdater> sgd = () -> new Sgd(0.05);
        Supplier<IUpdater> adam = () -> new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 3e-3, 0.995));
        return Stream.of(
                Arguments.of("SGD, L2 (gradient)", sgd, (Supplier<Regularization[]>) () ->
                        new Regularization[] {Regularizers.l2(1e-2)}),
                Arguments.of("SGD, proximal group lasso", sgd, (Supplier<Regularization[]>) () ->
                        new Regularization[] {Regularizers.inputGroupLasso(0.05, 8, 6, Step.PROXIMAL)}),
                Arguments.of("Adam, L1 and elastic net (gradient)", adam, (Supplier<Regularization[]>) () ->
                        new Regularization[] {Regularizers.l1(1e-3), Regularizers.elasticNet(1e-3, 0.5)}),
                Arguments.of("Adam, decoupled weight decay", adam, (Supplier<Regularization[]>) () ->
                        new Regularization[] {Regularizers.weightDecay(1e-2)}),
                Arguments.of("Adam, proximal L1", adam, (Supplier<Regularization[]>) () ->
                        new Regularization[] {Regularizers.l1(1e-2, Step.PROXIMAL)}),
                Arguments.of("Adam, adaptive proximal group lasso", adam, (Supplier<Regularization[]>) () ->
                        new Regularization[] {Regularizers.inputGroupLasso(0.05, 8, 6, Step.PROXIMAL_ADAPTIVE)}));
    }

    static MultiLayerConfiguration conf(IUpdater updater, Regularization[] regs) {
        return new NeuralNetConfiguration.Builder().seed(21).dataType(DataType.FLOAT).updater(updater)
                .weightInit(WeightInit.RELU).list()
                .layer(LayerRegularization.weights(new DenseLayer.Builder().nIn(8).nOut(6).hasBias(false)
                        .activation(Activation.IDENTITY), regs).build())
                .layer(FusedBatchNormalization.builder().nOut(6).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new DropoutLayer.Builder().dropOut(new Dropout(0.8)).build())
                .layer(LayerRegularization.weights(new OutputLayer.Builder(new LossMCXENT(Nd4j.createFromArray(1f, 4f)))
                        .nIn(6).nOut(2).activation(Activation.SOFTMAX), Regularizers.l2(1e-3)).build())
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twoHundredStepsEndWhereDl4jsDo(String name, Supplier<IUpdater> updater,
            Supplier<Regularization[]> regularizers) {
        MultiLayerNetwork dl4j = new MultiLayerNetwork(conf(updater.get(), regularizers.get()));
        dl4j.init();
        MultiLayerNetwork compiled = new MultiLayerNetwork(conf(updater.get(), regularizers.get()));
        compiled.init();
        compiled.setParams(dl4j.params().dup());
        UpdaterMetric.bind(dl4j);
        UpdaterMetric.bind(compiled);
        CompiledStep step = CompiledStep.of(compiled);

        INDArray[] data = data(STEPS * BATCH);
        Nd4j.getRandom().setSeed(99);
        for (int s = 0; s < STEPS; s++) {
            dl4j.fit(new org.nd4j.linalg.dataset.DataSet(batch(data[0], s), batch(data[1], s)));
        }
        Nd4j.getRandom().setSeed(99);
        for (int s = 0; s < STEPS; s++) {
            step.fit(batch(data[0], s), batch(data[1], s), null);
        }

        assertEquals(STEPS, compiled.getIterationCount(), "iteration counter");
        double paramError = relative(dl4j.params(), compiled.params());
        double stateError = relative(dl4j.getUpdater().getStateViewArray(), compiled.getUpdater().getStateViewArray());
        assertTrue(paramError <= TOLERANCE && stateError <= TOLERANCE, String.format(Locale.ROOT,
                "%s: parameters differ by %.3g, updater state by %.3g (relative to the largest)", name, paramError,
                stateError));
        if (name.contains("proximal group lasso")) {
            assertEquals(dl4j.getLayer(0).getParam("W").eq(0).castTo(DataType.INT32).sumNumber().intValue(),
                    compiled.getLayer(0).getParam("W").eq(0).castTo(DataType.INT32).sumNumber().intValue(),
                    "the same weights are exactly zero");
        }
    }

    private static double relative(INDArray expected, INDArray actual) {
        if (expected == null) {
            return actual == null ? 0 : Double.POSITIVE_INFINITY;
        }
        return expected.sub(actual).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
    }

    private static INDArray batch(INDArray all, int s) {
        return all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval((long) s * BATCH, (long) (s + 1) * BATCH),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
    }

    /** Eight features, the label a noisy sign of the first three's sum (about one positive in five). */
    private static INDArray[] data(int n) {
        java.util.Random r = new java.util.Random(4);
        float[][] x = new float[n][8];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < 8; j++) {
                x[i][j] = (float) r.nextGaussian();
                sum += j < 3 ? x[i][j] : 0;
            }
            y[i][sum + 0.5 * r.nextGaussian() > 1.2 ? 1 : 0] = 1;
        }
        return new INDArray[] {Nd4j.create(x), Nd4j.create(y)};
    }
}
