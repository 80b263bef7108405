package io.github.reglab.core.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import io.github.reglab.core.step.CompiledStepTest.Case;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link CompiledStep#bufferBytes} counts, before anything is allocated, at least the bytes the step's buffers then
 * hold after training and inference on minibatches of that size, on every covered layer kind, and at most 10 % more:
 * the buffers counted but not always allocated are the first layer's input gradient (the step never computes it),
 * a batch-norm buffer of the paths not taken and the loss's scalar, counted per example (measured here: 0–7 % on
 * these small networks, 0.3 % on the CNNs, less on real ones where activations dominate). It grows with the
 * minibatch in proportion.
 */
class CompiledStepMemoryTest {

    static Stream<Arguments> cases() {
        return CompiledStepTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCountIsWhatTrainingAllocates(Case c) {
        MultiLayerNetwork net = new MultiLayerNetwork(c.conf().apply(DataType.FLOAT));
        net.init();
        INDArray[] batch = CompiledStepTest.data(c, 6, DataType.FLOAT);
        try (CompiledStep step = CompiledStep.of(net)) {
            long counted = step.bufferBytes(batch[0], 6);
            assertEquals(0, step.allocatedBytes(), "counting allocates nothing");
            assertTrue(counted > 6L * Float.BYTES * (batch[0].length() / 6 + batch[1].length() / 6),
                    "at least the input and label copies: " + counted);
            step.fit(batch[0], batch[1], null);
            step.output(batch[0]);
            long allocated = step.allocatedBytes();
            assertTrue(allocated <= counted && counted <= 1.10 * allocated, allocated + " allocated, " + counted
                    + " counted");
            try (CompiledStep other = CompiledStep.of(net.clone())) {
                assertEquals(counted * 50, other.bufferBytes(batch[0], 300), "proportional to the minibatch");
            }
            assertThrows(IllegalArgumentException.class, () -> step.bufferBytes(batch[0], 0));
        }
    }

    /**
     * The shapes the step is built from come from DL4J's type inference (so that a network on large images is
     * sized without running it): they are the shapes of a real inference pass, preprocessors included.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inferredShapesAreThoseOfARealPass(Case c) {
        MultiLayerNetwork net = new MultiLayerNetwork(c.conf().apply(DataType.FLOAT));
        net.init();
        INDArray x = CompiledStepTest.data(c, 2, DataType.FLOAT)[0];
        java.util.List<long[]> inferred = CompiledStep.inferredShapes(net.getLayerWiseConfigurations(), x.shape())
                .orElseThrow();
        java.util.List<INDArray> acts = net.feedForward(x, false);
        assertEquals(2 * net.getnLayers(), inferred.size());
        for (int i = 0; i < net.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            INDArray in = pre == null ? acts.get(i) : pre.preProcess(acts.get(i), 2,
                    org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
            assertArrayEquals(perExample(in), inferred.get(2 * i), "input of layer " + i);
            assertArrayEquals(perExample(acts.get(i + 1)), inferred.get(2 * i + 1), "output of layer " + i);
        }
    }

    private static long[] perExample(INDArray a) {
        return java.util.Arrays.copyOfRange(a.shape(), 1, a.rank());
    }
}
