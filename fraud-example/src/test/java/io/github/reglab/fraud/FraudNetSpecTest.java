package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.reglab.core.regularization.GroupLasso;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.train.LearningRateSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.junit.jupiter.api.Test;

class FraudNetSpecTest {

    private static FraudNetSpec spec(double drop, double l2, double group) {
        return new FraudNetSpec(30, 64, drop, 0, l2, 0, 0.5, group, true, LearningRateSpec.inverseTime(1e-3, 0.1),
                new double[] {0.5, 290}, true);
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
        assertEquals(List.of(Regularizers.l2(1e-4), GroupLasso.dense(0.05, 30, 64, GroupLasso.Groups.INPUT_FEATURES,
                true)), first.getRegularization());
        assertEquals(List.of(Regularizers.l2(1e-4)), out.getRegularization());
        assertTrue(first.getRegularizationBias().isEmpty());
        assertTrue(conf.getConfs().stream().anyMatch(c -> c.getLayer() instanceof DropoutLayer));

        FraudNetSpec base = spec(0.1, 1e-4, 0.05).unregularized();
        assertFalse(base.regularized());
        MultiLayerConfiguration bc = base.toDl4j(7);
        assertTrue(((BaseLayer) bc.getConf(0).getLayer()).getRegularization().isEmpty());
        assertTrue(bc.getConfs().stream().noneMatch(c -> c.getLayer() instanceof DropoutLayer));
    }

    @Test
    void invalidValuesNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec(1.0, 0, 0));
        assertTrue(e.getMessage().contains("--dropout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> spec(0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FraudNetSpec(30, 0, 0, 0, 0, 0, 0.5, 0, true,
                LearningRateSpec.constant(1e-3), new double[] {1, 1}, true));
        assertThrows(IllegalArgumentException.class, () -> new FraudNetSpec(30, 8, 0, 0, 0, 0, 0.5, 0, true,
                LearningRateSpec.constant(1e-3), new double[] {1, -1}, true));
    }
}
