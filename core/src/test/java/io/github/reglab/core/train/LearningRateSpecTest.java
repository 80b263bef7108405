package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;

/** Closed forms of each schedule at a few epochs. */
class LearningRateSpecTest {

    /** The tutorial's inverse-time decay: 0.01 / (1 + 0.5·t) = 0.01, 0.00666…, 0.005, 0.0025 at t = 0, 1, 2, 6. */
    @Test
    void inverseTimeDecay() {
        ISchedule s = LearningRateSpec.inverseTime(0.01, 0.5).toSchedule();
        assertEquals(0.01, s.valueAt(0, 0), 1e-15);
        assertEquals(0.01 / 1.5, s.valueAt(100, 1), 1e-15);
        assertEquals(0.005, s.valueAt(200, 2), 1e-15);
        assertEquals(0.0025, s.valueAt(600, 6), 1e-15);
    }

    /** Exponential 0.1·0.5^t and step 0.1·0.5^floor(t/3) per epoch; constant stays. */
    @Test
    void exponentialStepAndConstant() {
        ISchedule exp = new LearningRateSpec(LearningRateSpec.Kind.EXPONENTIAL, 0.1, 0.5, 1, true).toSchedule();
        assertEquals(0.025, exp.valueAt(0, 2), 1e-15);
        ISchedule step = new LearningRateSpec(LearningRateSpec.Kind.STEP, 0.1, 0.5, 3, true).toSchedule();
        assertEquals(0.1, step.valueAt(0, 2), 1e-15);
        assertEquals(0.05, step.valueAt(0, 3), 1e-15);
        assertEquals(0.1, LearningRateSpec.constant(0.1).toSchedule().valueAt(7, 7), 0);
    }

    @Test
    void invalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSpec.constant(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSpec.inverseTime(0.1, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new LearningRateSpec(LearningRateSpec.Kind.EXPONENTIAL, 0.1, 1.5, 1, true));
        assertThrows(IllegalArgumentException.class,
                () -> new LearningRateSpec(LearningRateSpec.Kind.STEP, 0.1, 0.5, 0, true));
    }
}
