package io.github.reglab.core.regularization;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import io.github.reglab.core.testing.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * DL4J's GradientCheckUtil (double precision, SGD(1.0), no dropout): the gradient our {@code apply} adds must be
 * the derivative of what {@code score} reports, on a dense and on a convolution layer. Strengths are large (0.5)
 * so that an error in the regularizer's gradient is far above the data gradient's noise.
 */
class GradientCheckTest {

    private static final int ROWS = 6;
    private static final long SEED = 12345;

    static Stream<Arguments> dense() {
        int in = TinyNets.DENSE_IN;
        int out = TinyNets.DENSE_HIDDEN;
        return Stream.of(
                Arguments.of("l1", Regularizers.l1(0.5)),
                Arguments.of("l2", Regularizers.l2(0.5)),
                Arguments.of("elasticNet", Regularizers.elasticNet(0.5, 0.3)),
                Arguments.of("weightDecay", Regularizers.weightDecay(0.5)),
                Arguments.of("groupLassoRows", Regularizers.inputGroupLasso(0.5, in, out, Step.GRADIENT)),
                Arguments.of("groupLassoColumns", Regularizers.neuronGroupLasso(0.5, in, out, Step.GRADIENT)),
                Arguments.of("weighted", Regularizers.weighted(0.3, Regularizers.l1(0.5))
                        .plus(0.3, Regularizers.l2(0.5)).plus(0.4,
                                Regularizers.inputGroupLasso(0.5, in, out, Step.GRADIENT))));
    }

    static Stream<Arguments> conv() {
        return Stream.of(
                Arguments.of("l1", Regularizers.l1(0.5)),
                Arguments.of("l2", Regularizers.l2(0.5)),
                Arguments.of("elasticNet", Regularizers.elasticNet(0.5, 0.7)),
                Arguments.of("weightDecay", Regularizers.weightDecay(0.5)),
                Arguments.of("groupLassoFilters", GroupLasso.filters(0.5, TinyNets.CONV_FILTERS, TinyNets.CONV_IN,
                        TinyNets.KERNEL, TinyNets.KERNEL, Step.GRADIENT)),
                Arguments.of("weighted", Regularizers.weighted(0.5, Regularizers.l2(0.5)).plus(0.5,
                        GroupLasso.filters(0.5, TinyNets.CONV_FILTERS, TinyNets.CONV_IN, TinyNets.KERNEL,
                                TinyNets.KERNEL, Step.GRADIENT))));
    }

    @ParameterizedTest(name = "dense {0}")
    @MethodSource("dense")
    void denseLayer(String name, Regularization r) {
        MultiLayerNetwork net = TinyNets.dense(SEED, r);
        LayerRegularization.verify(net.getLayerWiseConfigurations(), 0, List.of(r));
        assertTrue(TinyNets.gradientsMatch(net, TinyNets.features(ROWS, new long[] {TinyNets.DENSE_IN}, 1),
                TinyNets.oneHot(ROWS, 2)), name);
    }

    /** The check must be able to fail: a regularizer whose gradient is twice its score's derivative. */
    @Test
    void wrongGradientIsCaught() {
        Regularization wrong = new WrongL2();
        MultiLayerNetwork net = TinyNets.dense(SEED, wrong);
        assertFalse(TinyNets.gradientsMatch(net, TinyNets.features(ROWS, new long[] {TinyNets.DENSE_IN}, 1),
                TinyNets.oneHot(ROWS, 2)));
    }

    /** Scores 0.5·‖w‖² but adds 2·w to the gradient. */
    private static final class WrongL2 implements Regularization {
        private static final long serialVersionUID = 1L;

        @Override
        public ApplyStep applyStep() {
            return ApplyStep.BEFORE_UPDATER;
        }

        @Override
        public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
            gradView.addi(param.mul(2));
        }

        @Override
        public double score(INDArray param, int iteration, int epoch) {
            double n = param.norm2Number().doubleValue();
            return 0.5 * n * n;
        }

        @Override
        public Regularization clone() {
            return this;
        }
    }

    @ParameterizedTest(name = "conv {0}")
    @MethodSource("conv")
    void convolutionLayer(String name, Regularization r) {
        MultiLayerNetwork net = TinyNets.conv(SEED, r);
        assertTrue(TinyNets.gradientsMatch(net, TinyNets.features(ROWS, new long[] {TinyNets.CONV_IN,
            TinyNets.CONV_SIDE, TinyNets.CONV_SIDE}, 3), TinyNets.oneHot(ROWS, 4)), name);
    }
}
