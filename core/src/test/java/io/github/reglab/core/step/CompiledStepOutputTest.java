package io.github.reglab.core.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.stream.Stream;

import io.github.reglab.core.step.CompiledStepTest.Case;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link CompiledStep#output} against DL4J's {@code net.output(x, false)} on every covered layer kind, in double
 * precision: the same operations on the same values, so the tolerance is {@code 1e-10} relative (summation order
 * only). The networks train a few steps first, so batch normalization's running statistics and the weights are not
 * their initial values; inference runs in chunks of the training minibatch (8) over 21 rows, so a partial chunk is
 * covered; and inference changes nothing a later training step sees.
 */
class CompiledStepOutputTest {

    private static final double TOLERANCE = 1e-10;
    private static final int BATCH = 8;
    private static final int ROWS = 21;

    static Stream<Arguments> cases() {
        return Stream.concat(CompiledStepTest.cases(), Stream.of(Arguments.of(new Case(
                "dense → fused BN → relu → dropout 0.5 → output (dropout off in inference)",
                t -> CompiledStepTest.mlp(t, true, 0.5, false), new long[] {7}, 3, false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputsEqualDl4jsInferenceAndChangeNothing(Case c) {
        MultiLayerNetwork net = new MultiLayerNetwork(c.conf().apply(DataType.DOUBLE));
        net.init();
        MultiLayerNetwork twin = net.clone();
        CompiledStep step = CompiledStep.of(net);
        CompiledStep twinStep = CompiledStep.of(twin);
        INDArray[] train = CompiledStepTest.data(c, BATCH, DataType.DOUBLE);
        for (int i = 0; i < 3; i++) { // the same dropout masks for both (seed 0 would draw at random: Seeds)
            Nd4j.getRandom().setSeed(i + 1);
            step.fit(train[0], train[1], null);
            Nd4j.getRandom().setSeed(i + 1);
            twinStep.fit(train[0], train[1], null);
        }
        assertEquals(twin.params(), net.params(), "the twins trained apart");
        INDArray x = CompiledStepTest.data(c, ROWS, DataType.DOUBLE)[0];
        INDArray params = net.params().dup();

        INDArray expected = net.output(x, false);
        INDArray actual = step.output(x);

        assertEquals(ROWS, actual.rows());
        double scale = expected.amaxNumber().doubleValue();
        double error = expected.sub(actual).amaxNumber().doubleValue() / scale;
        assertTrue(error <= TOLERANCE, String.format(Locale.ROOT, "%s: relative error %.3g", c.name(), error));
        assertEquals(params, net.params(), "inference changed the parameters or running statistics");
        // the next training step is the one the twin (which never inferred) takes
        Nd4j.getRandom().setSeed(3);
        step.fit(train[0], train[1], null);
        Nd4j.getRandom().setSeed(3);
        twinStep.fit(train[0], train[1], null);
        assertEquals(twin.params(), net.params(), "training after inference differs from training without it");
    }

    /** Before any training step there is no minibatch size: inference builds the step in chunks of 256. */
    @Test
    void inferenceBeforeTrainingBuildsTheStep() {
        Case c = (Case) CompiledStepTest.cases().findFirst().orElseThrow().get()[0];
        MultiLayerNetwork net = new MultiLayerNetwork(c.conf().apply(DataType.DOUBLE));
        net.init();
        INDArray x = CompiledStepTest.data(c, 300, DataType.DOUBLE)[0];
        INDArray expected = net.output(x, false);
        CompiledStep step = CompiledStep.of(net);
        assertEquals(0, expected.sub(step.output(x)).amaxNumber().doubleValue()
                / expected.amaxNumber().doubleValue(), TOLERANCE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.output(Nd4j.create(DataType.DOUBLE, 4, 5)));
        assertTrue(e.getMessage().contains("[4, 5]"), e.getMessage());
    }
}
