package io.github.reglab.core.earlystopping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Scripted metric sequences, each worked through by Keras's rules (see {@link EarlyStopping}).
 */
class EarlyStoppingTest {

    /** Feeds values until a stop; returns the stopping epoch or -1. */
    private static int run(EarlyStopping es, double... values) {
        es.reset();
        for (int e = 0; e < values.length; e++) {
            if (es.onEpochEnd(e, values[e]).stop()) {
                return e;
            }
        }
        return -1;
    }

    /**
     * The tutorial: losses 0.8, 0.7, 0.6 improve (wait 0); 0.65, 0.67, 0.69, 0.7, 0.72 do not, wait 1..5; with
     * patience 5 the stop comes at epoch index 7, best epoch 2.
     */
    @Test
    void tutorialExample() {
        EarlyStopping es = new EarlyStopping(EarlyStoppingSpec.of("val_loss", 100).withPatience(5).withMinDelta(0.001));
        assertEquals(7, run(es, 0.8, 0.7, 0.6, 0.65, 0.67, 0.69, 0.7, 0.72));
        assertEquals(2, es.bestEpoch());
        assertEquals(0.6, es.best(), 0);
    }

    /** Patience 0: the first epoch that does not improve (after epoch 0) stops training. */
    @Test
    void patienceZero() {
        EarlyStopping es = new EarlyStopping(EarlyStoppingSpec.of("val_loss", 100));
        assertEquals(2, run(es, 1.0, 0.9, 0.95));
    }

    /** A constant metric: epoch 0 improves on +∞; epochs 1.. never improve; patience 3 stops at epoch 3. */
    @Test
    void constantMetric() {
        EarlyStopping es = new EarlyStopping(EarlyStoppingSpec.of("val_loss", 100).withPatience(3));
        assertEquals(3, run(es, 0.5, 0.5, 0.5, 0.5, 0.5));
        assertEquals(0, es.bestEpoch());
    }

    /**
     * Baseline 0.5 never beaten, patience 2: epoch 0 improves on +∞ but not on the baseline, so wait stays 1;
     * epoch 1 improves again (0.9 &lt; 1.0), wait 2, no reset, no stop check on an improving epoch; epoch 2 does not
     * improve, wait 3 ≥ 2: stop at epoch 2 even though the metric was still falling.
     */
    @Test
    void baselineNeverBeaten() {
        EarlyStopping es = new EarlyStopping(EarlyStoppingSpec.of("val_loss", 100).withPatience(2).withBaseline(0.5));
        assertEquals(2, run(es, 1.0, 0.9, 0.95, 0.8));
        assertEquals(1, es.bestEpoch());
        EarlyStopping beaten = new EarlyStopping(EarlyStoppingSpec.of("val_loss", 100).withPatience(2)
                .withBaseline(0.5));
        assertEquals(-1, run(beaten, 0.4, 0.3, 0.35, 0.2, 0.25), "beating the baseline resets the counter");
    }

    /** startFromEpoch 3: epochs 0–2 are ignored (a bad start does not count); patience 1 then stops at epoch 5. */
    @Test
    void startFromEpoch() {
        EarlyStopping es = new EarlyStopping(EarlyStoppingSpec.of("val_loss", 100).withPatience(1)
                .withStartFromEpoch(3));
        assertEquals(5, run(es, 0.1, 5, 5, 1.0, 0.9, 0.95));
        assertEquals(4, es.bestEpoch());
    }

    /** Max mode (AUTO from the name): accuracy 0.6, 0.7, 0.7, 0.69: patience 1 stops at epoch 2. */
    @Test
    void maxModeFromTheName() {
        EarlyStopping es = new EarlyStopping(EarlyStoppingSpec.of("accuracy", 100).withPatience(1));
        assertEquals(Mode.MAX, es.mode());
        assertEquals(2, run(es, 0.6, 0.7, 0.7, 0.69));
        assertEquals(1, es.bestEpoch());
        assertEquals(Mode.MIN, Mode.AUTO.resolve("val_loss"));
    }

    /** minDelta: 1.0 → 0.995 is not an improvement with minDelta 0.01 (needs &lt; 0.99). */
    @Test
    void minDeltaIsStrict() {
        EarlyStopping es = new EarlyStopping(EarlyStoppingSpec.of("val_loss", 100).withPatience(1)
                .withMinDelta(-0.01));
        assertEquals(1, run(es, 1.0, 0.995));
        assertEquals(-1, run(es, 1.0, 0.98, 0.96));
        assertEquals(2, run(es, 1.0, 0.98, 0.975), "0.975 is not below 0.98 − 0.01");
    }

    /** State resets at every new fit and restores from a checkpoint. */
    @Test
    void resetAndRestore() {
        EarlyStopping es = new EarlyStopping(EarlyStoppingSpec.of("val_loss", 100).withPatience(1));
        run(es, 1.0, 2.0);
        EarlyStopping.State s = es.state();
        es.reset();
        assertEquals(Double.POSITIVE_INFINITY, es.best(), 0);
        es.restore(s);
        assertEquals(s, es.state());
        assertTrue(es.onEpochEnd(2, 3.0).stop());
    }

    @Test
    void invalidSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> EarlyStoppingSpec.of("val_loss", 0));
        assertThrows(IllegalArgumentException.class, () -> EarlyStoppingSpec.of("val_loss", 10).withPatience(-1));
        assertThrows(IllegalArgumentException.class, () -> EarlyStoppingSpec.of(" ", 10));
        assertThrows(IllegalArgumentException.class,
                () -> new EarlyStopping(EarlyStoppingSpec.of("val_loss", 10)).onEpochEnd(0, Double.NaN));
    }
}
