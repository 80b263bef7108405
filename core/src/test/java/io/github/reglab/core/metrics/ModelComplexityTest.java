package io.github.reglab.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.github.reglab.core.testing.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ModelComplexityTest {

    private static final double EPS = 1e-12;

    /**
     * Hidden W[4, 3] set to rows [1, 0, −2], [0, 0, 0], [3, 0, 0.001], [0, 0, 4]: ‖W‖₁ = 10.001,
     * ‖W‖² = 1 + 4 + 9 + 1e-6 + 16 = 30.000001, non-zeros 5 of 12, zero input row 1, zero unit column 1; with
     * tolerance 0.01, 8 of 12 are negligible (7 zeros and 0.001).
     */
    @Test
    void measuresNormsSparsityAndZeroGroups() {
        MultiLayerNetwork net = TinyNets.dense(3);
        net.getLayer(0).setParam("W", Nd4j.createFromArray(new double[][] {
            {1, 0, -2}, {0, 0, 0}, {3, 0, 0.001}, {0, 0, 4}}));
        ModelComplexity c = ModelComplexity.of(net, 0.01);
        LayerComplexity hidden = c.layers().get(0);
        assertEquals(12, hidden.weights());
        assertEquals(10.001, hidden.l1Norm(), EPS);
        assertEquals(Math.sqrt(30.000001), hidden.l2Norm(), EPS);
        assertEquals(5, hidden.nonZeros());
        assertEquals(7.0 / 12, hidden.zeroFraction(), EPS);
        assertEquals(8.0 / 12, hidden.belowToleranceFraction(), EPS);
        assertEquals(List.of(1), hidden.zeroInputs());
        assertEquals(List.of(1), hidden.zeroUnits());
        assertEquals(2, c.layers().size(), "hidden and output layers");
        assertEquals(12 + TinyNets.DENSE_HIDDEN * TinyNets.CLASSES, c.weights());
    }

    /** Convolution W[nOut=2, nIn=2, 1, 1]: filter 0 = [0, 0] is a zero unit; input channel 1 = [0, 0] is a zero input. */
    @Test
    void convolutionGroupsAreFiltersAndChannels() {
        LayerComplexity lc = ModelComplexity.measure(0, "ConvolutionLayer",
                Nd4j.createFromArray(0.0, 0.0, 5.0, 0.0).reshape('c', 2, 2, 1, 1), 0);
        assertEquals(List.of(0), lc.zeroUnits());
        assertEquals(List.of(1), lc.zeroInputs());
    }

    /**
     * X = diag(2, 1) padded with a zero row: XᵀX has eigenvalues 4 and 1. df(1) = 4/5 + 1/2 = 1.3; df(0) = rank 2;
     * df(1e12) ≈ 5e-12.
     */
    @Test
    void ridgeDegreesOfFreedomClosedForm() {
        var x = Nd4j.createFromArray(new double[][] {{2, 0}, {0, 1}, {0, 0}});
        assertEquals(1.3, ModelComplexity.ridgeDegreesOfFreedom(x, 1.0), 1e-12);
        assertEquals(2.0, ModelComplexity.ridgeDegreesOfFreedom(x, 0.0), 0);
        assertEquals(0, ModelComplexity.ridgeDegreesOfFreedom(x, 1e12), 1e-11);
        assertEquals(50.0, ModelComplexity.ridgeLambdaFromDl4jL2(0.1, 1000), EPS);
        assertThrows(IllegalArgumentException.class, () -> ModelComplexity.ridgeDegreesOfFreedom(x, -1));
    }
}
