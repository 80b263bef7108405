package io.github.reglab.core.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization.ApplyStep;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Closed forms on w = [1, −2, 3]: ‖w‖₁ = 6, ‖w‖² = 1 + 4 + 9 = 14. Tolerance 1e-12: every value is a few double
 * operations away from the exact decimal.
 */
class ElasticNetTest {

    private static final double EPS = 1e-12;

    private static INDArray w() {
        return Nd4j.createFromArray(1.0, -2.0, 3.0);
    }

    /** L1: 0.1 · 6 = 0.6. L2: 0.5 · 0.1 · 14 = 0.7. Elastic net α=0.2, ρ=0.25: 0.2·0.25·6 + 0.5·0.2·0.75·14 = 0.3 + 1.05 = 1.35. */
    @Test
    void scoresAreTheClosedForms() {
        assertEquals(0.6, Regularizers.l1(0.1).score(w(), 0, 0), EPS);
        assertEquals(0.7, Regularizers.l2(0.1).score(w(), 0, 0), EPS);
        assertEquals(1.35, Regularizers.elasticNet(0.2, 0.25).score(w(), 0, 0), EPS);
        assertEquals(1.35, Regularizers.elasticNet(0.2, 0.25, Step.PROXIMAL).score(w(), 0, 0), EPS);
        // shaped parameter (a 3x1 weight matrix in 'f' order) gives the same penalty
        assertEquals(1.35, Regularizers.elasticNet(0.2, 0.25).score(w().reshape('f', 3, 1), 0, 0), EPS);
        assertEquals(0.7, Regularizers.weightDecay(0.1).score(w(), 0, 0), EPS);
    }

    /** Subgradient: grad += 0.2·0.25·sign(w) + 0.2·0.75·w = 0.05·[1,−1,1] + 0.15·[1,−2,3] = [0.2, −0.35, 0.5]. */
    @Test
    void subgradientAddsToTheGradient() {
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 3);
        ElasticNet en = Regularizers.elasticNet(0.2, 0.25);
        assertEquals(ApplyStep.BEFORE_UPDATER, en.applyStep());
        en.apply(w(), g, 0.5, 0, 0);
        assertArrayEquals(new double[] {0.2, -0.35, 0.5}, g.toDoubleVector(), EPS);
    }

    /**
     * Proximal L1, lr = 0.5, λ = 0.1, step u = [0.2, 0.1, −0.5]: v = w − u = [0.8, −2.1, 3.5]; threshold 0.05;
     * w' = [0.75, −2.05, 3.45]; the rewritten step is w − w' = [0.25, 0.05, −0.45].
     */
    @Test
    void proximalL1RewritesTheStepToSoftThresholding() {
        INDArray u = Nd4j.createFromArray(0.2, 0.1, -0.5);
        ElasticNet l1 = Regularizers.l1(0.1, Step.PROXIMAL);
        assertEquals(ApplyStep.POST_UPDATER, l1.applyStep());
        l1.apply(w(), u, 0.5, 0, 0);
        assertArrayEquals(new double[] {0.25, 0.05, -0.45}, u.toDoubleVector(), EPS);
    }

    /** A weight inside the threshold lands on exactly 0: w = [0.03, −0.04, 1], u = 0, lr·λ = 0.05. */
    @Test
    void proximalGivesExactZeros() {
        INDArray param = Nd4j.createFromArray(0.03f, -0.04f, 1f);
        INDArray u = Nd4j.zeros(DataType.FLOAT, 3);
        Regularizers.l1(0.1, Step.PROXIMAL).apply(param, u, 0.5, 0, 0);
        INDArray updated = param.sub(u);
        assertEquals(0.0, updated.getDouble(0), 0.0);
        assertEquals(0.0, updated.getDouble(1), 0.0);
        assertEquals(0.95, updated.getDouble(2), 1e-6);
    }

    /**
     * Proximal elastic net, α = 0.2, ρ = 0.25, lr = 0.5, u = 0: w' = soft(w, 0.5·0.05) / (1 + 0.5·0.15)
     * = [0.975, −1.975, 2.975] / 1.075.
     */
    @Test
    void proximalElasticNetShrinksAfterThresholding() {
        INDArray u = Nd4j.zeros(DataType.DOUBLE, 3);
        Regularizers.elasticNet(0.2, 0.25, Step.PROXIMAL).apply(w(), u, 0.5, 0, 0);
        INDArray updated = w().sub(u);
        assertArrayEquals(new double[] {0.975 / 1.075, -1.975 / 1.075, 2.975 / 1.075}, updated.toDoubleVector(),
                EPS);
    }

    /** Decoupled weight decay, lr 0.5, λ 0.1: the step gains 0.05·w. */
    @Test
    void weightDecayScalesWithTheLearningRate() {
        INDArray u = Nd4j.zeros(DataType.DOUBLE, 3);
        DecoupledWeightDecay wd = Regularizers.weightDecay(0.1);
        assertEquals(ApplyStep.POST_UPDATER, wd.applyStep());
        wd.apply(w(), u, 0.5, 0, 0);
        assertArrayEquals(new double[] {0.05, -0.1, 0.15}, u.toDoubleVector(), EPS);
    }

    /** Inverse-time decay of λ: 0.1 / (1 + 1·4)^1 = 0.02 at iteration 4, so the L1 penalty is 0.02 · 6 = 0.12. */
    @Test
    void strengthFollowsASchedule() {
        ElasticNet l1 = new ElasticNet(new InverseSchedule(ScheduleType.ITERATION, 0.1, 1.0, 1.0), 1, Step.GRADIENT);
        assertEquals(0.6, l1.score(w(), 0, 0), EPS);
        assertEquals(0.12, l1.score(w(), 4, 0), EPS);
    }

    @Test
    void invalidArgumentsAreRejectedWithTheRange() {
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> Regularizers.l1(-0.1));
        // the message names the parameter of the factory the caller used: l1(lambda), elasticNet(alpha, l1Ratio)
        assertTrue(neg.getMessage().contains("lambda must be finite and in [0, inf), found -0.1"), neg.getMessage());
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
                () -> Regularizers.elasticNet(-1, 0.5, Step.PROXIMAL));
        assertTrue(alpha.getMessage().contains("alpha must be finite and in [0, inf), found -1"), alpha.getMessage());
        IllegalArgumentException ratio = assertThrows(IllegalArgumentException.class,
                () -> Regularizers.elasticNet(0.1, 1.5));
        assertTrue(ratio.getMessage().contains("l1Ratio must be in [0, 1], found 1.5"), ratio.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Regularizers.weightDecay(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> LayerRegularization.dropout(1.0));
        assertEquals(0.7, LayerRegularization.retainProbability(0.3), EPS);
    }
}
