package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.regularization.GroupLasso;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.train.ShuffledMinibatches;
import io.github.reglab.core.train.Trainer;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.core.train.ValidationMetrics;
import io.github.reglab.fraud.data.Holdout;
import io.github.reglab.fraud.data.Table;
import io.github.reglab.fraud.data.TransactionGenerator;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The adaptive group lasso's pilot stage. */
class AdaptivePilotTest {

    private static final FraudNetSpec.AdaptiveWeights WEIGHTS = new FraudNetSpec.AdaptiveWeights(4, 1e-2, 2);

    /**
     * W = [[3, 0], [4, 2]]: row norms 3 and √20; with batch norm, columns scaled to unit norm first (norms 5 and 2):
     * [[0.6, 0], [0.8, 1]], row norms 0.6 and √1.64. A zero column stays zero: [[3, 0], [4, 0]] gives 0.6 and 0.8.
     */
    @Test
    void importanceIsTheRowNormOfTheColumnNormalizedWeightUnderBatchNorm() {
        double[][] w = {{3, 0}, {4, 2}};
        assertArrayEquals(new double[] {3, Math.sqrt(20)},
                AdaptivePilot.importance(Nd4j.createFromArray(w), false), 1e-12);
        assertArrayEquals(new double[] {0.6, Math.sqrt(1.64)},
                AdaptivePilot.importance(Nd4j.createFromArray(w), true), 1e-12);
        assertArrayEquals(new double[] {0.6, 0.8},
                AdaptivePilot.importance(Nd4j.createFromArray(new double[][] {{3, 0}, {4, 0}}), true), 1e-12);
    }

    /** The pilot is a ridge fit of the same network: same parameter layout, no group lasso, L2 pilotL2. */
    @Test
    void thePilotIsTheSameNetworkAsARidgeFit() {
        FraudNetSpec spec = FraudNetSpec.defaults(5).withHidden(3).withGroupLasso(0.02).withL1(1e-3)
                .withStep(Step.PROXIMAL_ADAPTIVE).withAdaptiveWeights(WEIGHTS);
        assertTrue(spec.adaptive());
        FraudNetSpec pilot = spec.pilot();
        assertEquals(0, pilot.penalties().groupLasso());
        assertEquals(0, pilot.penalties().l1());
        assertEquals(1e-2, pilot.penalties().l2());
        assertNull(pilot.penalties().adaptiveWeights());
        List<?> regs = ((BaseLayer) pilot.toDl4j(1).getConf(0).getLayer()).getRegularization();
        assertEquals(List.of(Regularizers.l2(1e-2)), regs);
        assertEquals(new MultiLayerNetwork(spec.toDl4j(1)).numParams(), new MultiLayerNetwork(pilot.toDl4j(1))
                .numParams());
        assertThrows(IllegalStateException.class, () -> spec.withGroupLasso(0).pilot());
        assertTrue(!spec.unregularized().adaptive());
    }

    /** The factors reach the first layer's group lasso; factors without a group lasso are refused. */
    @Test
    void factorsReachTheGroupLasso() {
        FraudNetSpec spec = FraudNetSpec.defaults(2).withHidden(3).withGroupLasso(0.02).withStep(Step.PROXIMAL);
        double[] factors = {0.5, 3};
        GroupLasso gl = (GroupLasso) ((BaseLayer) spec.toDl4j(1, factors).getConf(0).getLayer()).getRegularization()
                .stream().filter(r -> r instanceof GroupLasso).findFirst().orElseThrow();
        assertArrayEquals(factors, gl.groupFactors(), 0);
        assertThrows(IllegalArgumentException.class, () -> spec.withGroupLasso(0).toDl4j(1, factors));
        assertThrows(IllegalArgumentException.class, () -> new FraudNetSpec.AdaptiveWeights(0, 1e-2, 5));
        assertThrows(IllegalArgumentException.class, () -> new FraudNetSpec.AdaptiveWeights(4, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new FraudNetSpec.AdaptiveWeights(4, 1e-2, 0));
    }

    /**
     * A short pilot on generated data: its factors are the closed form of its importances (γ = 4), and the
     * regularized model carries the factors and starts from exactly the pilot's weights.
     */
    @Test
    void fitGivesTheClosedFormFactorsAndStartsFromThePilot() {
        Table table = TransactionGenerator.generate(4000, 0.05, 3);
        Holdout h = Holdout.stratified(table.labels(), 0.6, 0.2, 3);
        Table.Standardized parts = table.toStandardizedDataSets(h.train(), h.validation());
        FraudNetSpec spec = FraudNetSpec.defaults(table.columns()).withHidden(8).withGroupLasso(0.02)
                .withStep(Step.PROXIMAL_ADAPTIVE).withBatchNorm(BatchNorm.NONE).withAdaptiveWeights(WEIGHTS);
        TrainerSpec main = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AVERAGE_PRECISION, 20)
                .withPatience(1)).withSeed(3);
        TrainerSpec pilotRules = AdaptivePilot.trainerSpec(main, WEIGHTS);
        assertEquals(2, pilotRules.earlyStopping().maxEpochs());
        AdaptivePilot pilot = AdaptivePilot.fit(spec, 3, new Trainer(pilotRules).logEpochs(false),
                new ShuffledMinibatches(parts.part(0), 256, 3L), new ShuffledMinibatches(parts.part(1), 256, null));
        assertEquals(2, pilot.result().history().epochs().size(), "no early stop inside the pilot's epochs");
        double[] imp = pilot.importance();
        assertArrayEquals(AdaptivePilot.importance(pilot.result().network().getLayer(0).getParam("W"), false), imp,
                0);
        double mean = java.util.Arrays.stream(imp).average().orElseThrow();
        double[] expected = new double[imp.length];
        for (int i = 0; i < imp.length; i++) {
            expected[i] = Math.pow(mean / imp[i], 4);
        }
        assertArrayEquals(expected, pilot.factors(), 1e-9);
        MultiLayerNetwork net = pilot.regularizedNetwork(spec, 3);
        assertEquals(pilot.result().network().params(), net.params());
        GroupLasso gl = (GroupLasso) ((BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer())
                .getRegularization().stream().filter(r -> r instanceof GroupLasso).findFirst().orElseThrow();
        assertArrayEquals(pilot.factors(), gl.groupFactors(), 0);
        assertThrows(IllegalArgumentException.class, () -> pilot.regularizedNetwork(spec.withHidden(9), 3));
    }
}
