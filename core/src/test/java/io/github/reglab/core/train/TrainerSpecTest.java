package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;

class TrainerSpecTest {

    private static final EarlyStoppingSpec ES = EarlyStoppingSpec.of(ValidationMetrics.AUC_ROC, 30);

    @Test
    void defaultsAreNamed() {
        TrainerSpec s = TrainerSpec.of(ES);
        assertEquals(List.of(ValidationMetrics.LOSS, ValidationMetrics.AUC_ROC), s.metrics());
        assertEquals(TrainerSpec.DEFAULT_SEED, s.seed());
        assertEquals(TrainerSpec.ALL_BATCHES, s.maxBatchesPerEpoch());
        assertEquals(TrainerSpec.NO_CHECKPOINTS, s.checkpointEvery());
    }

    @Test
    void withersChangeOneComponentAndLeaveTheOriginal() {
        TrainerSpec base = TrainerSpec.of(ES);
        TrainerSpec s = base.withMetrics(List.of(ValidationMetrics.ACCURACY)).withSeed(7).withMaxBatchesPerEpoch(3)
                .withCheckpointEvery(2);
        assertEquals(List.of(ValidationMetrics.LOSS, ValidationMetrics.AUC_ROC, ValidationMetrics.ACCURACY),
                s.metrics());
        assertEquals(7, s.seed());
        assertEquals(3, s.maxBatchesPerEpoch());
        assertEquals(2, s.checkpointEvery());
        assertEquals(TrainerSpec.of(ES), base);
        EarlyStoppingSpec other = EarlyStoppingSpec.of(ValidationMetrics.ACCURACY, 5);
        assertTrue(s.withEarlyStopping(other).metrics().contains(ValidationMetrics.ACCURACY));
        assertEquals(other, s.withEarlyStopping(other).earlyStopping());
    }

    @Test
    void errorsNameTheParameter() {
        TrainerSpec s = TrainerSpec.of(ES);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.withMaxBatchesPerEpoch(-1)).getMessage()
                .startsWith("maxBatchesPerEpoch must be >= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.withCheckpointEvery(-2)).getMessage()
                .startsWith("checkpointEvery must be >= 0"));
        assertThrows(IllegalArgumentException.class, () -> s.withMetrics(List.of("no_such_metric")));
    }
}
