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
 * Dense W[nIn=2, nOut=3] with rows r0 = [3, 0, 4] (‖r0‖ = 5) and r1 = [1, 2, 2] (‖r1‖ = 3); columns
 * c0 = [3, 1] (√10), c1 = [0, 2] (2), c2 = [4, 2] (√20). DL4J hands the regularizer this matrix flattened
 * column-major: [3, 1, 0, 2, 4, 2]. Tolerance 1e-12 (a handful of double operations).
 */
class GroupLassoTest {

    private static final double EPS = 1e-12;
    private static final double[] FLAT_F = {3, 1, 0, 2, 4, 2};

    private static INDArray shaped() {
        return Nd4j.createFromArray(new double[][] {{3, 0, 4}, {1, 2, 2}});
    }

    private static INDArray flat() {
        return Nd4j.createFromArray(FLAT_F);
    }

    /** Rows: λ·√3·(5 + 3) = 0.1·√3·8; with c_g = 1: 0.8. Columns: 0.1·√2·(√10 + 2 + √20). */
    @Test
    void scoresAreTheClosedForms() {
        GroupLasso rows = Regularizers.inputGroupLasso(0.1, 2, 3, Step.GRADIENT);
        assertEquals(0.8 * Math.sqrt(3), rows.score(shaped(), 0, 0), EPS);
        assertEquals(0.8 * Math.sqrt(3), rows.score(flat(), 0, 0), EPS);
        assertEquals(0.8, rows.withWeighting(GroupLasso.Weighting.ONE).score(flat(), 0, 0), EPS);
        GroupLasso cols = Regularizers.neuronGroupLasso(0.1, 2, 3, Step.GRADIENT);
        double expected = 0.1 * Math.sqrt(2) * (Math.sqrt(10) + 2 + Math.sqrt(20));
        assertEquals(expected, cols.score(shaped(), 0, 0), EPS);
        assertEquals(expected, cols.score(flat(), 0, 0), EPS);
        assertArrayEquals(new double[] {5, 3}, rows.groupNorms(flat()), EPS);
    }

    /** Row subgradient, λ = 0.1, c = 1: row r gains 0.1·r/‖r‖: r0 → [0.06, 0, 0.08], r1 → [1/30, 2/30, 2/30]. */
    @Test
    void subgradientReachesTheFlattenedGradientView() {
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 6);
        Regularizers.inputGroupLasso(0.1, 2, 3, Step.GRADIENT).withWeighting(GroupLasso.Weighting.ONE)
                .apply(flat(), g, 1.0, 0, 0);
        // column-major: (r0,c0), (r1,c0), (r0,c1), (r1,c1), (r0,c2), (r1,c2)
        assertArrayEquals(new double[] {0.06, 1.0 / 30, 0, 2.0 / 30, 0.08, 2.0 / 30}, g.toDoubleVector(), EPS);
    }

    /**
     * Block soft-thresholding, λ = 1, c = 1, lr = 1, step 0: r0 (norm 5) scales by 1 − 1/5 = 0.8, r1 (norm 3) by
     * 1 − 1/3; with lr·λ = 4, r1 (norm 3 ≤ 4) becomes exactly 0 and r0 scales by 0.2.
     */
    @Test
    void proximalZeroesWholeGroups() {
        GroupLasso prox = new GroupLasso(new org.nd4j.linalg.schedule.FixedSchedule(1.0),
                GroupLasso.Groups.INPUT_FEATURES, new long[] {2, 3}, GroupLasso.Weighting.ONE, Step.PROXIMAL);
        INDArray u = Nd4j.zeros(DataType.DOUBLE, 6);
        prox.apply(flat(), u, 4.0, 0, 0);
        INDArray w = flat().sub(u);
        assertArrayEquals(new double[] {0.6, 0, 0, 0, 0.8, 0}, w.toDoubleVector(), EPS);
        assertEquals(0.0, w.getDouble(1), 0.0);
        assertEquals(0.0, w.getDouble(3), 0.0);
        assertEquals(0.0, w.getDouble(5), 0.0);
    }

    /** Conv W[nOut=2, nIn=1, 1, 2], 'c' order: filters [3, 4] (5) and [0, 0] (0): λ·√2·5. */
    @Test
    void filtersAreContiguousBlocks() {
        GroupLasso f = GroupLasso.filters(0.1, 2, 1, 1, 2, Step.GRADIENT);
        INDArray shapedConv = Nd4j.createFromArray(3.0, 4.0, 0.0, 0.0).reshape('c', 2, 1, 1, 2);
        assertEquals(0.5 * Math.sqrt(2), f.score(shapedConv, 0, 0), EPS);
        assertEquals(0.5 * Math.sqrt(2), f.score(Nd4j.createFromArray(3.0, 4.0, 0.0, 0.0), 0, 0), EPS);
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 4);
        f.apply(Nd4j.createFromArray(3.0, 4.0, 0.0, 0.0), g, 1.0, 0, 0);
        double c = 0.1 * Math.sqrt(2);
        assertArrayEquals(new double[] {c * 0.6, c * 0.8, 0, 0}, g.toDoubleVector(), EPS);
    }

    /** In float precision a zero group must give a zero (not NaN) gradient and stay exactly zero when proximal. */
    @Test
    void zeroGroupsStayFiniteInFloat() {
        INDArray w = Nd4j.createFromArray(3f, 0f, 0f, 0f, 4f, 0f); // rows [3, 0, 4] and [0, 0, 0]
        INDArray g = Nd4j.zeros(DataType.FLOAT, 6);
        Regularizers.inputGroupLasso(0.1, 2, 3, Step.GRADIENT).apply(w, g, 1.0, 0, 0);
        assertEquals(0.0, g.getDouble(1), 0.0);
        assertTrue(Double.isFinite(g.sumNumber().doubleValue()));
        INDArray u = Nd4j.zeros(DataType.FLOAT, 6);
        Regularizers.inputGroupLasso(0.1, 2, 3, Step.PROXIMAL).apply(w, u, 1.0, 0, 0);
        INDArray after = w.sub(u);
        assertEquals(0.0, after.getDouble(1), 0.0);
        assertEquals(0.0, after.getDouble(3), 0.0);
        assertTrue(Double.isFinite(after.sumNumber().doubleValue()));
    }

    /**
     * Adaptive group lasso, factors a = (2, 0.5), λ = 0.1, c = 1: score 0.1·(2·5 + 0.5·3) = 1.15; subgradient row r
     * gains 0.1·a_r·r/‖r‖: r0 → [0.12, 0, 0.16], r1 → [1/60, 2/60, 2/60].
     */
    @Test
    void groupFactorsScaleEachGroupsPenalty() {
        GroupLasso gl = Regularizers.inputGroupLasso(0.1, 2, 3, Step.GRADIENT).withWeighting(GroupLasso.Weighting.ONE)
                .withGroupFactors(new double[] {2, 0.5});
        assertEquals(1.15, gl.score(flat(), 0, 0), EPS);
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 6);
        gl.apply(flat(), g, 1.0, 0, 0);
        assertArrayEquals(new double[] {0.12, 1.0 / 60, 0, 2.0 / 60, 0.16, 2.0 / 60}, g.toDoubleVector(), EPS);
        assertArrayEquals(new double[] {2, 0.5}, gl.groupFactors(), 0);
        assertEquals(null, Regularizers.inputGroupLasso(0.1, 2, 3, Step.GRADIENT).groupFactors());
    }

    /**
     * Block soft-thresholding with factors: λ = 1, c = 1, lr = 1, a = (0.5, 2): r0 (norm 5) scales by 1 − 0.5/5 =
     * 0.9; r1 (norm 3) has threshold 2 and scales by 1 − 2/3. With lr = 4: r0 by 1 − 2/5 = 0.6, r1 (3 ≤ 8) is 0 —
     * where equal factors (above) zero r1 and keep r0 at 0.2.
     */
    @Test
    void groupFactorsSetEachGroupsThreshold() {
        GroupLasso prox = new GroupLasso(new org.nd4j.linalg.schedule.FixedSchedule(1.0),
                GroupLasso.Groups.INPUT_FEATURES, new long[] {2, 3}, GroupLasso.Weighting.ONE, Step.PROXIMAL)
                .withGroupFactors(new double[] {0.5, 2});
        INDArray u = Nd4j.zeros(DataType.DOUBLE, 6);
        prox.apply(flat(), u, 1.0, 0, 0);
        double k = 1 - 2.0 / 3;
        assertArrayEquals(new double[] {2.7, k, 0, 2 * k, 3.6, 2 * k}, flat().sub(u).toDoubleVector(), EPS);
        INDArray u4 = Nd4j.zeros(DataType.DOUBLE, 6);
        prox.apply(flat(), u4, 4.0, 0, 0);
        assertArrayEquals(new double[] {1.8, 0, 0, 0, 2.4, 0}, flat().sub(u4).toDoubleVector(), EPS);
    }

    /**
     * The preconditioned prox takes each group's own threshold: the same two groups with s = 1 everywhere give the
     * plain step's results above (metric 1 is lr = 1).
     */
    @Test
    void preconditionedProxUsesEachGroupsThreshold() {
        INDArray w = BlockProximal.preconditionedProx(shaped(), Nd4j.ones(DataType.DOUBLE, 2, 3), new double[] {0.5, 2});
        double k = 1 - 2.0 / 3;
        assertArrayEquals(new double[] {2.7, 0, 3.6}, w.getRow(0).toDoubleVector(), 1e-9);
        assertArrayEquals(new double[] {k, 2 * k, 2 * k}, w.getRow(1).toDoubleVector(), 1e-9);
    }

    /**
     * Factors from pilot norms (5, 3, 0) with γ = 1: mean 8/3, so a = (8/15, 8/9, 1000·8/9); with γ = 2 squared.
     */
    @Test
    void adaptiveFactorsAreTheMeanOverTheNormToTheGamma() {
        assertArrayEquals(new double[] {8.0 / 15, 8.0 / 9, 8000.0 / 9},
                GroupFactors.adaptive(new double[] {5, 3, 0}, 1), EPS);
        assertArrayEquals(new double[] {64.0 / 225, 64.0 / 81, 64000.0 / 81},
                GroupFactors.adaptive(new double[] {5, 3, 0}, 2), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> GroupFactors.adaptive(new double[] {0, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> GroupFactors.adaptive(new double[] {1, -1}, 1));
        assertThrows(IllegalArgumentException.class, () -> GroupFactors.adaptive(new double[] {1, 2}, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Regularizers.inputGroupLasso(0.1, 2, 3, Step.PROXIMAL).withGroupFactors(new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("one factor per group (2), found 3"), e.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> Regularizers.inputGroupLasso(0.1, 2, 3, Step.PROXIMAL).withGroupFactors(
                        new double[] {1, Double.NaN}));
        assertTrue(n.getMessage().contains("groupFactors[1]"), n.getMessage());
    }

    @Test
    void wrongLayerSizeIsNamed() {
        GroupLasso rows = Regularizers.inputGroupLasso(0.1, 2, 3, Step.GRADIENT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rows.score(Nd4j.zeros(DataType.DOUBLE, 7), 0, 0));
        assertTrue(e.getMessage().contains("shape [2, 3] (6 values)") && e.getMessage().contains("has 7 values"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regularizers.inputGroupLasso(0.1, 0, 3, Step.GRADIENT));
        assertThrows(IllegalArgumentException.class, () -> Regularizers.inputGroupLasso(-1, 2, 3, Step.GRADIENT));
        assertThrows(IllegalArgumentException.class,
                () -> GroupLasso.dense(0.1, 2, 3, GroupLasso.Groups.FILTERS, Step.GRADIENT));
    }
}
