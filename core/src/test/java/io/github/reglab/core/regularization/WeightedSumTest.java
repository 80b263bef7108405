package io.github.reglab.core.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tutorial's custom regularizer 0.3·L1 + 0.3·L2 + 0.4·group lasso on W[2, 3] with rows [3, 0, 4] and
 * [1, 2, 2] (flattened column-major [3, 1, 0, 2, 4, 2]); ‖W‖₁ = 12, ‖W‖² = 34, Σ‖row‖ = 8.
 */
class WeightedSumTest {

    private static final double EPS = 1e-12;

    /** 0.3·(0.1·12) + 0.3·(0.5·0.1·34) + 0.4·(0.1·1·8) = 0.36 + 0.51 + 0.32 = 1.19. */
    @Test
    void scoreIsTheWeightedSum() {
        WeightedSum s = Regularizers.weighted(0.3, Regularizers.l1(0.1)).plus(0.3, Regularizers.l2(0.1))
                .plus(0.4, Regularizers.inputGroupLasso(0.1, 2, 3, Step.GRADIENT)
                        .withWeighting(GroupLasso.Weighting.ONE));
        INDArray w = Nd4j.createFromArray(3.0, 1.0, 0.0, 2.0, 4.0, 2.0);
        assertEquals(1.19, s.score(w, 0, 0), EPS);

        INDArray g = Nd4j.ones(DataType.DOUBLE, 6);
        s.apply(w, g, 1.0, 0, 0);
        // each entry: 1 (existing gradient) + 0.3·0.1·sign(w) + 0.3·0.1·w + 0.4·0.1·w/‖row‖
        double[] rowNorm = {5, 3, 5, 3, 5, 3};
        double[] wv = w.toDoubleVector();
        double[] expected = new double[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = 1 + 0.03 * Math.signum(wv[i]) + 0.03 * wv[i] + 0.04 * wv[i] / rowNorm[i];
        }
        assertArrayEquals(expected, g.toDoubleVector(), EPS);
    }

    @Test
    void proximalTermsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Regularizers.weighted(0.5, Regularizers.l1(0.1)).plus(0.5, Regularizers.l1(0.1, Step.PROXIMAL)));
        assertTrue(e.getMessage().contains("POST_UPDATER"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regularizers.weighted(-1, Regularizers.l1(0.1)));
    }
}
