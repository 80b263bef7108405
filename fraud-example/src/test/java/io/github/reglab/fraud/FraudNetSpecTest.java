package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.layers.FusedBatchNormalization;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.train.LearningRateSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.junit.jupiter.api.Test;

class FraudNetSpecTest {

    private static FraudNetSpec spec(double drop, double l2, double group) {
        return FraudNetSpec.defaults(30).withDropRate(drop).withL2(l2).withGroupLasso(group).withStep(Step.PROXIMAL)
                .withLearningRate(LearningRateSpec.inverseTime(1e-3, 0.1)).withClassWeights(new double[] {0.5, 290});
    }

    @Test
    void configurationRoundTripsThroughJson() {
        MultiLayerConfiguration conf = spec(0.1, 1e-4, 0.05).toDl4j(7);
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
    }

    /** L2 on both weight layers, group lasso (proximal, rows of W[30, 64]) on the first only; dropout as a layer. */
    @Test
    void regularizersSitWhereTheyBelong() {
        MultiLayerConfiguration conf = spec(0.1, 1e-4, 0.05).toDl4j(7);
        BaseLayer first = (BaseLayer) conf.getConf(0).getLayer();
        BaseLayer out = (BaseLayer) conf.getConf(conf.getConfs().size() - 1).getLayer();
        assertEquals(List.of(Regularizers.l2(1e-4), Regularizers.inputGroupLasso(0.05, 30, 64,
                Step.PROXIMAL)), first.getRegularization());
        assertEquals(List.of(Regularizers.l2(1e-4)), out.getRegularization());
        assertTrue(first.getRegularizationBias().isEmpty());
        assertTrue(conf.getConfs().stream().anyMatch(c -> c.getLayer() instanceof DropoutLayer));

        FraudNetSpec base = spec(0.1, 1e-4, 0.05).unregularized();
        assertFalse(base.penalties().any());
        MultiLayerConfiguration bc = base.toDl4j(7);
        assertTrue(((BaseLayer) bc.getConf(0).getLayer()).getRegularization().isEmpty());
        assertTrue(bc.getConfs().stream().noneMatch(c -> c.getLayer() instanceof DropoutLayer));
    }

    @Test
    void invalidValuesNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec(1.0, 0, 0));
        assertTrue(e.getMessage().contains("--dropout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> spec(0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> FraudNetSpec.defaults(30).withHidden(0));
        assertThrows(IllegalArgumentException.class,
                () -> FraudNetSpec.defaults(30).withClassWeights(new double[] {1, -1}));
    }

    @Test
    void defaultsArePlainAndWithersChangeOneComponent() {
        FraudNetSpec d = FraudNetSpec.defaults(12);
        assertEquals(List.of(12, FraudNetSpec.DEFAULT_HIDDEN, 0.0, 0.0, 0.0, 0.0, 0.0, Step.GRADIENT, BatchNorm.FUSED),
                List.of(d.shape().inputs(), d.shape().hidden(), d.penalties().dropRate(), d.penalties().l1(), d.penalties().l2(), d.penalties().elasticAlpha(), d.penalties().groupLasso(),
                        d.penalties().step(), d.shape().batchNorm()));
        assertFalse(d.penalties().any());
        assertInstanceOf(FusedBatchNormalization.class, d.toDl4j(1).getConf(1).getLayer());
        assertEquals(BatchNormalization.class, d.withBatchNorm(BatchNorm.DL4J).toDl4j(1).getConf(1).getLayer().getClass());
        FraudNetSpec r = d.withL1(0.01).withStep(Step.PROXIMAL);
        assertEquals(List.of(Regularizers.l1(0.01, Step.PROXIMAL)), r.regularizers(true));
        assertEquals(List.of(Regularizers.l1(0.01, Step.PROXIMAL)), r.regularizers(false));
        assertTrue(r.penalties().any());
        assertFalse(r.unregularized().penalties().any());
        assertEquals(Step.GRADIENT, r.unregularized().penalties().step());
    }
}
