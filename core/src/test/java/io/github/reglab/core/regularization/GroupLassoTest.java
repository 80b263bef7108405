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
