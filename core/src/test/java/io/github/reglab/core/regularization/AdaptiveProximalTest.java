package io.github.reglab.core.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.github.reglab.core.testing.Blobs;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The proximal step in Adam's metric ({@link Step#PROXIMAL_ADAPTIVE}, issue #19): per-element thresholds and the
 * exact block soft-thresholding in a diagonal metric, checked against hand-computed cases and the optimality
 * conditions; plain SGD gives exactly today's proximal step.
 */
class AdaptiveProximalTest {

    private static final double EPS = 1e-9;

    /** Thresholds t = (0.5, 2, 0): 3 → 2.5, −1 → 0 (|−1| ≤ 2), 0.25 → 0.25. */
    @Test
    void softThresholdingWithAThresholdPerElement() {
        INDArray v = Nd4j.createFromArray(3.0, -1.0, 0.25);
        Proximal.softThreshold(v, Nd4j.createFromArray(0.5, 2.0, 0.0));
        assertArrayEquals(new double[] {2.5, 0, 0.25}, v.toDoubleVector(), EPS);
    }

    /**
     * Group prox in the metric 1/s, by hand: v = (3, 4), s = (1, 1), τ = 1 is the plain step, v·(1 − 1/5) =
     * (2.4, 3.2); v = (1, 0), s = (2, 1), τ = 0.25 has one non-zero element, a scalar soft threshold of s·τ = 0.5:
     * (0.5, 0); v = (0.1, 0.1), s = (1, 1), τ = 1: ‖v/s‖ = 0.141 ≤ 1, so exactly 0.
     */
    @Test
    void groupProxInADiagonalMetricByHand() {
        INDArray w = BlockProximal.preconditionedProx(Nd4j.createFromArray(new double[][] {{3, 4}, {1, 0}, {0.1, 0.1}}),
                Nd4j.createFromArray(new double[][] {{1, 1}, {2, 1}, {1, 1}}), new double[] {1, 1, 1});
        assertArrayEquals(new double[] {2.4, 3.2}, w.getRow(0).toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0, 0}, w.getRow(2).toDoubleVector(), 0);
        INDArray w2 = BlockProximal.preconditionedProx(Nd4j.createFromArray(new double[][] {{1, 0}}),
                Nd4j.createFromArray(new double[][] {{2, 1}}), new double[] {0.25});
        assertArrayEquals(new double[] {0.5, 0}, w2.getRow(0).toDoubleVector(), 1e-12);
    }

    /**
     * Random groups and step sizes: the result satisfies the prox's optimality conditions, (w_i − v_i)/s_i +
     * τ·w_i/‖w‖ = 0 for a non-zero group, ‖(v_i/s_i)‖ ≤ τ for a zero one. Step sizes spread over a factor of 55,
     * and over 10⁸ as Adam's can (where the root-finder's Newton steps need the bisection safeguard; tiny step
     * sizes leave no group at zero).
     */
    @ParameterizedTest
    @CsvSource({"-3, 1, true", "-14, 4.5, false"})
    void groupProxSatisfiesTheOptimalityConditions(double logMin, double logMax, boolean someZero) {
        SplittableRandom r = new SplittableRandom(7);
        double[][] v = new double[40][6];
        double[][] s = new double[40][6];
        for (int g = 0; g < v.length; g++) {
            for (int i = 0; i < 6; i++) {
                v[g][i] = r.nextDouble(-1, 1) * (g % 4 == 0 ? 0.05 : 1);
                s[g][i] = Math.exp(r.nextDouble(logMin, logMax));
            }
        }
        double tau = 0.3;
        double[] taus = new double[v.length];
        java.util.Arrays.fill(taus, tau);
        double[][] w = BlockProximal.preconditionedProx(Nd4j.createFromArray(v), Nd4j.createFromArray(s), taus)
                .toDoubleMatrix();
        int zero = 0;
        for (int g = 0; g < v.length; g++) {
            double norm = 0;
            double scaled = 0;
            for (int i = 0; i < 6; i++) {
                norm += w[g][i] * w[g][i];
                scaled += (v[g][i] / s[g][i]) * (v[g][i] / s[g][i]);
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                zero++;
                assertTrue(Math.sqrt(scaled) <= tau + 1e-12, "group " + g);
                continue;
            }
            for (int i = 0; i < 6; i++) {
                assertEquals(0, ((w[g][i] - v[g][i]) / s[g][i] + tau * w[g][i] / norm) * s[g][i] / Math.max(1e-3,
                        Math.abs(v[g][i])), 1e-9, "group " + g);
            }
        }
        assertTrue((zero > 0) == someZero && zero < v.length, "groups exactly zero: " + zero);
    }

    /** Under plain SGD there is no metric to follow: the adaptive step is today's proximal step, bit for bit. */
    @Test
    void underSgdTheAdaptiveStepIsThePlainProximalStep() {
        DataSet data = Blobs.data(64, 1.0, 0.5, 3);
        MultiLayerNetwork plain = Blobs.mlp(5, new Sgd(0.1), Regularizers.l1(0.05, Step.PROXIMAL),
                Regularizers.inputGroupLasso(0.05, Blobs.FEATURES, 8, Step.PROXIMAL));
        MultiLayerNetwork adaptive = Blobs.mlp(5, new Sgd(0.1), Regularizers.l1(0.05, Step.PROXIMAL_ADAPTIVE),
                Regularizers.inputGroupLasso(0.05, Blobs.FEATURES, 8, Step.PROXIMAL_ADAPTIVE));
        assertEquals(0, UpdaterMetric.bind(adaptive), "nothing to bind under SGD");
        for (int i = 0; i < 5; i++) {
            plain.fit(data);
            adaptive.fit(data);
        }
        assertEquals(plain.params(), adaptive.params());
    }

    /**
     * Under Adam each adaptive regularizer binds to its parameter's slice of Adam's second moment, and the step
     * it takes is the soft threshold at λ·s_i with s_i = α_t/(√v_i + ε), recomputed here from Adam's state.
     */
    @Test
    void underAdamTheThresholdIsAdamsPerElementStepSize() {
        DataSet data = Blobs.data(64, 1.0, 0.5, 3);
        MultiLayerNetwork net = Blobs.mlp(5, Blobs.adam(), Regularizers.l1(0.02, Step.PROXIMAL_ADAPTIVE));
        assertEquals(1, UpdaterMetric.bind(net));
        net.fit(data); // Adam's state now holds v
        // the live instance (the network's layer configuration holds its own copy) and Adam's state for W
        ElasticNet live = (ElasticNet) ((BaseLayer) net.getLayer(0).conf().getLayer()).getRegularization().get(0);
        AdamUpdater adam = (AdamUpdater) ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks().get(0)
                .getGradientUpdater();
        INDArray view = net.getLayer(0).getParam("W"); // the view DL4J passes: it leads to the network
        INDArray w = view.dup(view.ordering());
        INDArray vW = adam.getV().reshape(adam.getV().length()).get(NDArrayIndex.interval(0, w.length()))
                .castTo(DataType.DOUBLE);
        double lr = 0.01;
        int iteration = 1;
        // α_t = lr·√(1 − β₂^(t+1))/(1 − β₁^(t+1)) with DL4J's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8
        double alpha = lr * Math.sqrt(1 - Math.pow(0.999, iteration + 1)) / (1 - Math.pow(0.9, iteration + 1));
        double[] s = Transforms.sqrt(vW, true).addi(1e-8).rdivi(alpha).toDoubleVector();
        INDArray update = Nd4j.zeros(w.dataType(), w.shape()).reshape(w.ordering(), w.shape());
        live.apply(view, update, lr, iteration, 0);
        // with a zero update the step is W − soft(W, 0.02·s_i): |step_i| = min(|w_i|, 0.02·s_i)
        double[] wf = Nd4j.toFlattened(w.ordering(), w).toDoubleVector();
        double[] uf = Nd4j.toFlattened(w.ordering(), update).toDoubleVector();
        boolean differsFromLr = false;
        for (int i = 0; i < wf.length; i++) {
            assertEquals(Math.min(Math.abs(wf[i]), 0.02 * s[i]), Math.abs(uf[i]), 1e-6 * Math.max(1, 0.02 * s[i]),
                    "element " + i);
            differsFromLr |= Math.abs(s[i] - lr) > 0.1 * lr;
        }
        assertTrue(differsFromLr, "Adam's step sizes are not the base learning rate");
    }

    /**
     * The regularizers hold no training state: one instance on two layers, and one configuration behind two
     * networks trained in turns, take the same steps as separate instances and separately trained networks (the
     * earlier design stored the metric in the instance, so the second network's binding redirected the first's
     * steps to the second's Adam state).
     */
    @Test
    void oneInstanceServesManyParametersAndNetworks() {
        DataSet data = Blobs.data(64, 1.0, 0.5, 3);
        ElasticNet shared = Regularizers.l1(0.01, Step.PROXIMAL_ADAPTIVE);
        MultiLayerNetwork sharing = twoLayers(shared, shared);
        MultiLayerNetwork separate = twoLayers(Regularizers.l1(0.01, Step.PROXIMAL_ADAPTIVE),
                Regularizers.l1(0.01, Step.PROXIMAL_ADAPTIVE));
        assertEquals(2, UpdaterMetric.bind(sharing));
        assertEquals(2, UpdaterMetric.bind(separate));
        // a second network with the same instance, trained on other data in turns (not on the same configuration
        // object: DL4J keeps the iteration count there, which would change Adam's bias correction of both)
        MultiLayerNetwork sibling = twoLayers(shared, shared);
        assertSame(regularizer(sharing, 1), regularizer(sibling, 0));
        UpdaterMetric.bind(sibling);
        DataSet other = Blobs.data(64, 3.0, 0.2, 11);
        for (int i = 0; i < 5; i++) {
            sharing.fit(data);
            sibling.fit(other);
            separate.fit(data);
        }
        assertEquals(separate.params(), sharing.params());
        MultiLayerNetwork alone = twoLayers( // the same seed: the sibling's initial weights
Regularizers.l1(0.01, Step.PROXIMAL_ADAPTIVE),
                Regularizers.l1(0.01, Step.PROXIMAL_ADAPTIVE));
        UpdaterMetric.bind(alone);
        for (int i = 0; i < 5; i++) {
            alone.fit(other);
        }
        assertEquals(alone.params(), sibling.params());
    }

    private static Object regularizer(MultiLayerNetwork net, int layer) {
        return ((BaseLayer) net.getLayer(layer).conf().getLayer()).getRegularization().get(0);
    }

    private static MultiLayerNetwork twoLayers(ElasticNet first, ElasticNet second) {
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(5).updater(Blobs.adam()).list()
                .layer(LayerRegularization.weights(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder()
                        .nIn(Blobs.FEATURES).nOut(4).activation(org.nd4j.linalg.activations.Activation.RELU), first)
                        .build())
                .layer(LayerRegularization.weights(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder()
                        .nIn(4).nOut(2).activation(org.nd4j.linalg.activations.Activation.SOFTMAX), second).build())
                .build());
        net.init();
        return net;
    }

    /** DL4J's own fit on a network nobody bound: the first step fails saying what to do, never the plain step. */
    @Test
    void anUnboundAdaptiveStepFailsNamingTheFix() {
        MultiLayerNetwork net = Blobs.mlp(5, Blobs.adam(),
                Regularizers.inputGroupLasso(0.05, Blobs.FEATURES, 8, Step.PROXIMAL_ADAPTIVE));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> net.fit(Blobs.data(64, 1.0, 0.5, 3)));
        assertTrue(e.getMessage().contains("UpdaterMetric.bind(network)") && e.getMessage().contains("GroupLasso"),
                e.getMessage());
    }

    /**
     * The adaptive step does not depend on who trains: the trainer (on DL4J's path, and on its compiled step) and
     * DL4J's own {@code fit} after {@link UpdaterMetric#bind} reach the same weights over three epochs of full-batch
     * Adam. DL4J's path bit for bit; the compiled step within float rounding (1e-5 relative, as its trajectories).
     */
    @Test
    void trainerAndBoundFitTakeTheSameAdaptiveSteps() {
        DataSet data = Blobs.data(64, 1.0, 0.5, 3);
        java.util.function.Supplier<MultiLayerNetwork> build = AdaptiveProximalTest::adaptiveMlp;
        MultiLayerNetwork byFit = build.get();
        assertTrue(UpdaterMetric.bind(byFit) > 0);
        for (int epoch = 0; epoch < 3; epoch++) {
            byFit.fit(data);
        }
        for (io.github.reglab.core.train.StepEngine engine : io.github.reglab.core.train.StepEngine.values()) {
            io.github.reglab.core.train.TrainerSpec spec = io.github.reglab.core.train.TrainerSpec.of(
                    io.github.reglab.core.earlystopping.EarlyStoppingSpec.of(
                            io.github.reglab.core.train.ValidationMetrics.ACCURACY, 3).withPatience(3)
                            .withRestoreBestWeights(false)).withSeed(1).withEngine(engine);
            MultiLayerNetwork byTrainer = new io.github.reglab.core.train.Trainer(spec).fit(build.get(),
                    new io.github.reglab.core.train.ShuffledMinibatches(data, 64, null),
                    new io.github.reglab.core.train.ShuffledMinibatches(data, 64, null)).network();
            double error = byFit.params().sub(byTrainer.params()).amaxNumber().doubleValue()
                    / byFit.params().amaxNumber().doubleValue();
            assertTrue(engine == io.github.reglab.core.train.StepEngine.DL4J ? error == 0 : error <= 1e-5,
                    engine + ": relative difference " + error);
        }
    }

    /**
     * The same adaptive steps under DL4J's early-stopping trainer and on the network turned into a
     * {@code ComputationGraph}: three full-batch epochs reach DL4J's {@code fit}'s weights bit for bit (one
     * minibatch an epoch, so each path takes the same three Adam steps).
     */
    @Test
    void earlyStoppingTrainerAndGraphTakeTheSameAdaptiveSteps() {
        DataSet data = Blobs.data(64, 1.0, 0.5, 3);
        java.util.function.Supplier<MultiLayerNetwork> build = AdaptiveProximalTest::adaptiveMlp;
        MultiLayerNetwork byFit = build.get();
        UpdaterMetric.bind(byFit);
        for (int epoch = 0; epoch < 3; epoch++) {
            byFit.fit(data);
        }

        ComputationGraph graph = build.get().toComputationGraph();
        assertEquals(2, UpdaterMetric.bind(graph));
        for (int epoch = 0; epoch < 3; epoch++) {
            graph.fit(data);
        }
        assertEquals(byFit.params(), graph.params(), "ComputationGraph");

        MultiLayerNetwork early = build.get();
        UpdaterMetric.bind(early);
        DataSetIterator it = Blobs.iterator(data, 64);
        new EarlyStoppingTrainer(new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(3))
                .scoreCalculator(new DataSetLossCalculator(it, true))
                .modelSaver(new InMemoryModelSaver<>()).build(), early, it).fit();
        assertEquals(byFit.params(), early.params(), "EarlyStoppingTrainer");

        ComputationGraph unbound = build.get().toComputationGraph();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> unbound.fit(data));
        assertTrue(e.getMessage().contains("UpdaterMetric.bind(network)"), e.getMessage());
    }

    /** The 5 → 8 → 2 MLP with adaptive L1 and an adaptive input group lasso on its hidden layer, under Adam. */
    private static MultiLayerNetwork adaptiveMlp() {
        return Blobs.mlp(5, Blobs.adam(), Regularizers.l1(0.02, Step.PROXIMAL_ADAPTIVE),
                Regularizers.inputGroupLasso(0.05, Blobs.FEATURES, 8, Step.PROXIMAL_ADAPTIVE));
    }
}
