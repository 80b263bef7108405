package io.github.reglab.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.regularization.GroupLasso;
import io.github.reglab.core.regularization.LayerRegularization;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.train.LearningRateSpec;
import io.github.reglab.core.train.Seeds;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The fraud network as configuration: input → dense → [batch norm] → ReLU → [dropout] → 2-class softmax, with
 * the class weights in the loss, the chosen regularizers at layer level and Adam with the chosen learning-rate
 * schedule. {@link #toDl4j} turns it into DL4J's configuration, in this one place. Start from
 * {@link #defaults(int)} (the plain network) or {@link #application(int)} (the fraud application's) and add
 * what differs:
 *
 * <pre>{@code
 * FraudNetSpec spec = FraudNetSpec.application(30).withGroupLasso(0.005).withHidden(32);
 * }</pre>
 *
 * With adaptive weights, train through {@link FraudTraining} (or {@link AdaptivePilot} first, then
 * {@link #toDl4j(long, double[])} with the pilot's factors).
 *
 * @param shape the network's shape
 * @param penalties what regularizes it: dropout and the weight penalties
 * @param optimization how it is trained: Adam's learning rate and the loss's class weights
 */
public record FraudNetSpec(Shape shape, Penalties penalties, Optimization optimization) {

    /**
     * The network's shape.
     *
     * @param inputs number of input features, &ge; 1
     * @param hidden units of the dense layer, in [1, 100000]
     * @param batchNorm the batch normalization after the dense layer, if any ({@link BatchNorm#FUSED}: this
     *     project's {@link io.github.reglab.core.layers.FusedBatchNormalization}, {@link BatchNorm#DL4J}: DL4J's own
     *     layer, same function, about three times the native operations per step)
     */
    public record Shape(int inputs, int hidden, BatchNorm batchNorm) {
        /** Validates; messages name the option. */
        public Shape {
            check(inputs >= 1, "number of input features must be >= 1, found " + inputs);
            check(hidden >= 1 && hidden <= 100_000, "--hidden must be in [1, 100000], found " + hidden);
            Objects.requireNonNull(batchNorm, "batchNorm");
        }
    }

    /**
     * What regularizes the network: dropout after the hidden layer, and the penalties on both weight layers (the
     * group lasso on the first only).
     *
     * @param dropRate dropout drop rate after the hidden layer, in [0, 1)
     * @param l1 L1 strength, &ge; 0 (0 = off)
     * @param l2 L2 strength (DL4J scale, {@code 0.5·λ·‖w‖²}), &ge; 0
     * @param elasticAlpha elastic-net alpha, &ge; 0 (0 = off)
     * @param elasticRatio elastic-net L1 ratio in [0, 1]
     * @param groupLasso group-lasso strength over the input features (rows of the first weight matrix), &ge; 0
     * @param step how L1, elastic net and group lasso are applied ({@link Step#PROXIMAL}: exact zeros)
     * @param adaptiveWeights how the group lasso's per-feature factors come from a pilot fit (the adaptive group
     *     lasso, {@link AdaptivePilot}), or null for the plain group lasso; without a group lasso it has no effect
     */
    public record Penalties(double dropRate, double l1, double l2, double elasticAlpha, double elasticRatio,
            double groupLasso, Step step, AdaptiveWeights adaptiveWeights) {
        /** Validates; messages name the option and the allowed range. */
        public Penalties {
            check(dropRate >= 0 && dropRate < 1, "--dropout (a drop rate) must be in [0, 1), found " + dropRate);
            nonNegative("--l1", l1);
            nonNegative("--l2", l2);
            nonNegative("--elastic-net alpha", elasticAlpha);
            check(elasticRatio >= 0 && elasticRatio <= 1, "--elastic-net ratio must be in [0, 1], found "
                    + elasticRatio);
            nonNegative("--group-lasso", groupLasso);
            Objects.requireNonNull(step, "step");
        }

        /** No dropout and no penalty. */
        static final Penalties NONE = new Penalties(0, 0, 0, 0, 0.5, 0, Step.GRADIENT, null);

        /**
         * Returns whether any regularizer or dropout is on.
         *
         * @return true when something regularizes
         */
        public boolean any() {
            return dropRate > 0 || l1 > 0 || l2 > 0 || elasticAlpha > 0 || groupLasso > 0;
        }
    }

    /**
     * How the network is trained.
     *
     * @param learningRate Adam's learning rate and its schedule
     * @param classWeights loss weight of class 0 and class 1, each finite and &gt; 0
     */
    public record Optimization(LearningRateSpec learningRate, double[] classWeights) {
        /** Validates and copies. */
        public Optimization {
            Objects.requireNonNull(learningRate, "learningRate");
            check(classWeights.length == 2 && classWeights[0] > 0 && classWeights[1] > 0
                    && Double.isFinite(classWeights[0]) && Double.isFinite(classWeights[1]),
                    "class weights must be two finite values > 0");
            classWeights = classWeights.clone();
        }

        @Override
        public double[] classWeights() {
            return classWeights.clone();
        }
    }

    /**
     * The adaptive group lasso's first stage: a ridge pilot (this network without L1, elastic net and group lasso,
     * with L2 {@code pilotL2}) trained for {@code pilotEpochs}; each input feature's group-lasso factor is then
     * {@code (mean norm / its first-layer row norm)^gamma} ({@link
     * io.github.reglab.core.regularization.GroupFactors#adaptive}), and the regularized model starts from the
     * pilot's weights.
     *
     * @param gamma the exponent γ, in (0, 16]
     * @param pilotL2 the pilot's L2 strength (DL4J scale), in (0, 10]
     * @param pilotEpochs the pilot's epochs, in [1, 10000] (its best epoch by validation average precision is used)
     */
    public record AdaptiveWeights(double gamma, double pilotL2, int pilotEpochs) {
        /** Validates; messages name the option. */
        public AdaptiveWeights {
            check(gamma > 0 && gamma <= 16, "--adaptive-weights (gamma) must be in (0, 16] (0 turns the adaptive weights "
                    + "off), found " + gamma);
            check(pilotL2 > 0 && pilotL2 <= 10, "--pilot-l2 must be in (0, 10], found " + pilotL2);
            check(pilotEpochs >= 1 && pilotEpochs <= 10_000, "--pilot-epochs must be in [1, 10000], found "
                    + pilotEpochs);
        }
    }

    /** Checks that no part is missing. */
    public FraudNetSpec {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(penalties, "penalties");
        Objects.requireNonNull(optimization, "optimization");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void nonNegative(String name, double v) {
        check(v >= 0 && Double.isFinite(v), String.format(Locale.ROOT, "%s must be finite and >= 0, found %s", name,
                v));
    }

    /** Hidden units of {@link #defaults(int)}. */
    public static final int DEFAULT_HIDDEN = 64;
    /** Adam's learning rate in {@link #defaults(int)}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    /**
     * Returns the plain network: {@value #DEFAULT_HIDDEN} hidden units with (fused) batch normalization, no dropout,
     * no penalties, equal class weights, Adam at a constant {@value #DEFAULT_LEARNING_RATE}.
     *
     * @param inputs number of input features, &ge; 1
     * @return the spec
     */
    public static FraudNetSpec defaults(int inputs) {
        return new FraudNetSpec(new Shape(inputs, DEFAULT_HIDDEN, BatchNorm.FUSED), Penalties.NONE,
                new Optimization(LearningRateSpec.constant(DEFAULT_LEARNING_RATE), new double[] {1, 1}));
    }

    /** Adam's learning rate of the fraud application ({@link #application(int)}). */
    public static final double APPLICATION_LEARNING_RATE = 3e-3;

    /**
     * Returns the fraud application's network, the one place its defaults live ({@code fraud train}'s options and
     * the cross-validation's unset parameters read them here): {@value #DEFAULT_HIDDEN} hidden units without batch
     * normalization, dropout 0.1, L2 1e-4, an adaptive group lasso 0.01 over the inputs (factors with γ = 4 from a
     * ridge pilot with L2 1e-2 over 15 epochs) taken in proximal steps in Adam's metric, Adam at a constant
     * {@value #APPLICATION_LEARNING_RATE}; equal class weights (the application sets the balanced ones from the
     * data). docs/results/fraud.md has the measurements behind each value.
     *
     * @param inputs number of input features, &ge; 1
     * @return the spec
     */
    public static FraudNetSpec application(int inputs) {
        return defaults(inputs).withBatchNorm(BatchNorm.NONE).withDropRate(0.1).withL2(1e-4).withGroupLasso(0.01)
                .withStep(Step.PROXIMAL_ADAPTIVE).withLearningRate(LearningRateSpec.constant(APPLICATION_LEARNING_RATE))
                .withAdaptiveWeights(new AdaptiveWeights(4, 1e-2, 15));
    }

    /**
     * Returns a copy with another hidden layer width.
     *
     * @param units hidden units, in [1, 100000]
     * @return the copy
     */
    public FraudNetSpec withHidden(int units) {
        return new FraudNetSpec(new Shape(shape.inputs(), units, shape.batchNorm()), penalties, optimization);
    }

    /**
     * Returns a copy with another batch normalization choice.
     *
     * @param choice none, this project's fused layer, or DL4J's
     * @return the copy
     */
    public FraudNetSpec withBatchNorm(BatchNorm choice) {
        return new FraudNetSpec(new Shape(shape.inputs(), shape.hidden(), choice), penalties, optimization);
    }

    /**
     * Returns a copy with another dropout rate.
     *
     * @param rate drop rate in [0, 1)
     * @return the copy
     */
    public FraudNetSpec withDropRate(double rate) {
        Penalties p = penalties;
        return with(new Penalties(rate, p.l1(), p.l2(), p.elasticAlpha(), p.elasticRatio(), p.groupLasso(), p.step(), p.adaptiveWeights()));
    }

    /**
     * Returns a copy with another L1 strength.
     *
     * @param lambda strength, &ge; 0
     * @return the copy
     */
    public FraudNetSpec withL1(double lambda) {
        Penalties p = penalties;
        return with(new Penalties(p.dropRate(), lambda, p.l2(), p.elasticAlpha(), p.elasticRatio(), p.groupLasso(), p.step(), p.adaptiveWeights()));
    }

    /**
     * Returns a copy with another L2 strength.
     *
     * @param lambda strength on DL4J's scale, &ge; 0
     * @return the copy
     */
    public FraudNetSpec withL2(double lambda) {
        Penalties p = penalties;
        return with(new Penalties(p.dropRate(), p.l1(), lambda, p.elasticAlpha(), p.elasticRatio(), p.groupLasso(), p.step(), p.adaptiveWeights()));
    }

    /**
     * Returns a copy with another elastic net.
     *
     * @param alpha strength, &ge; 0 (0 = off)
     * @param ratio L1 share in [0, 1]
     * @return the copy
     */
    public FraudNetSpec withElasticNet(double alpha, double ratio) {
        Penalties p = penalties;
        return with(new Penalties(p.dropRate(), p.l1(), p.l2(), alpha, ratio, p.groupLasso(), p.step(), p.adaptiveWeights()));
    }

    /**
     * Returns a copy with another group-lasso strength over the input features.
     *
     * @param lambda strength, &ge; 0 (0 = off)
     * @return the copy
     */
    public FraudNetSpec withGroupLasso(double lambda) {
        Penalties p = penalties;
        return with(new Penalties(p.dropRate(), p.l1(), p.l2(), p.elasticAlpha(), p.elasticRatio(), lambda, p.step(), p.adaptiveWeights()));
    }

    /**
     * Returns a copy that applies L1, elastic net and group lasso another way.
     *
     * @param how the step
     * @return the copy
     */
    public FraudNetSpec withStep(Step how) {
        Penalties p = penalties;
        return with(new Penalties(p.dropRate(), p.l1(), p.l2(), p.elasticAlpha(), p.elasticRatio(), p.groupLasso(), how, p.adaptiveWeights()));
    }

    /**
     * Returns a copy with another adaptive-weights setting.
     *
     * @param weights the pilot settings, or null for the plain group lasso
     * @return the copy
     */
    public FraudNetSpec withAdaptiveWeights(AdaptiveWeights weights) {
        Penalties p = penalties;
        return with(new Penalties(p.dropRate(), p.l1(), p.l2(), p.elasticAlpha(), p.elasticRatio(), p.groupLasso(), p.step(), weights));
    }

    /**
     * Returns a copy with other regularization.
     *
     * @param value dropout and the penalties
     * @return the copy
     */
    public FraudNetSpec with(Penalties value) {
        return new FraudNetSpec(shape, value, optimization);
    }

    /**
     * Returns a copy with another learning rate.
     *
     * @param rate Adam's rate and schedule
     * @return the copy
     */
    public FraudNetSpec withLearningRate(LearningRateSpec rate) {
        return new FraudNetSpec(shape, penalties, new Optimization(rate, optimization.classWeights()));
    }

    /**
     * Returns a copy with other class weights.
     *
     * @param weights loss weight of class 0 and class 1, each finite and &gt; 0
     * @return the copy
     */
    public FraudNetSpec withClassWeights(double[] weights) {
        return new FraudNetSpec(shape, penalties, new Optimization(optimization.learningRate(), weights));
    }

    /**
     * Returns whether training starts with a pilot fit that sets the group lasso's factors.
     *
     * @return true when {@link Penalties#adaptiveWeights()} is set and the group lasso is on
     */
    public boolean adaptive() {
        return penalties.adaptiveWeights() != null && penalties.groupLasso() > 0;
    }

    /**
     * Returns the adaptive group lasso's pilot: this network with L2 {@link AdaptiveWeights#pilotL2()} on both weight
     * layers and no L1, elastic net or group lasso (a ridge fit; dropout, batch norm and the rest unchanged), so its
     * parameters have the same layout and can start the regularized model.
     *
     * @return the pilot's spec
     * @throws IllegalStateException if {@link #adaptive()} is false
     */
    public FraudNetSpec pilot() {
        if (!adaptive()) {
            throw new IllegalStateException("no pilot: adaptive weights need a group lasso and a pilot setting");
        }
        Penalties p = penalties;
        return with(new Penalties(p.dropRate(), 0, p.adaptiveWeights().pilotL2(), 0, p.elasticRatio(), 0, p.step(),
                null));
    }

    /**
     * Returns the same network with no regularization at all (no dropout, L1, L2, elastic net or group lasso).
     *
     * @return the baseline the report compares against
     */
    public FraudNetSpec unregularized() {
        return with(Penalties.NONE);
    }

    /**
     * @param inputLayer whether the regularizers are for the first (input) weight layer
     * @return the weight regularizers of that layer, proximal ones after the others
     */
    public List<Regularization> regularizers(boolean inputLayer) {
        Penalties p = penalties;
        List<Regularization> r = new ArrayList<>();
        if (p.l2() > 0) {
            r.add(Regularizers.l2(p.l2()));
        }
        if (p.l1() > 0) {
            r.add(Regularizers.l1(p.l1(), p.step()));
        }
        if (p.elasticAlpha() > 0) {
            r.add(Regularizers.elasticNet(p.elasticAlpha(), p.elasticRatio(), p.step()));
        }
        if (inputLayer && p.groupLasso() > 0) {
            r.add(Regularizers.inputGroupLasso(p.groupLasso(), shape.inputs(), shape.hidden(), p.step()));
        }
        return r;
    }

    private List<Regularization> regularizers(boolean inputLayer, double[] groupFactors) {
        List<Regularization> r = regularizers(inputLayer);
        if (groupFactors != null) {
            r.replaceAll(x -> x instanceof GroupLasso g ? g.withGroupFactors(groupFactors) : x);
        }
        return r;
    }

    /**
     * @param seed the weight-initialization seed
     * @return DL4J's configuration of this network
     */
    public MultiLayerConfiguration toDl4j(long seed) {
        return toDl4j(seed, null);
    }

    /**
     * @param seed the weight-initialization seed
     * @param groupFactors the input group lasso's per-feature factors (one per input, from {@link AdaptivePilot}),
     *     or null for the plain group lasso
     * @return DL4J's configuration of this network
     * @throws IllegalArgumentException if factors are given without a group lasso, or their count is not
     *     {@link #inputs()}
     */
    public MultiLayerConfiguration toDl4j(long seed, double[] groupFactors) {
        if (groupFactors != null && penalties.groupLasso() == 0) {
            throw new IllegalArgumentException("group factors given, but the network has no group lasso");
        }
        int hidden = shape.hidden();
        boolean normalized = shape.batchNorm().on();
        double[] classWeights = optimization.classWeights();
        List<Regularization> inputLayer = regularizers(true, groupFactors);
        var list = new NeuralNetConfiguration.Builder().seed(Seeds.nd4j(seed))
                .updater(new Adam(optimization.learningRate().toSchedule()))
                .weightInit(WeightInit.RELU).list()
                // before batch norm a bias is cancelled (its true gradient is 0, only rounding noise is left): none
                .layer(LayerRegularization.weights(new DenseLayer.Builder().nIn(shape.inputs()).nOut(hidden)
                        .hasBias(!normalized).activation(Activation.IDENTITY),
                        inputLayer.toArray(Regularization[]::new)).build());
        if (normalized) {
            list.layer(shape.batchNorm().dense(hidden));
        }
        list.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
        if (penalties.dropRate() > 0) {
            list.layer(new DropoutLayer.Builder().dropOut(LayerRegularization.dropout(penalties.dropRate())).build());
        }
        list.layer(LayerRegularization.weights(new OutputLayer.Builder(new LossMCXENT(Nd4j.createFromArray(
                (float) classWeights[0], (float) classWeights[1]))).nIn(hidden).nOut(2).activation(Activation.SOFTMAX),
                regularizers(false).toArray(Regularization[]::new)).build());
        MultiLayerConfiguration conf = list.build();
        LayerRegularization.verify(conf, 0, inputLayer);
        LayerRegularization.verify(conf, conf.getConfs().size() - 1, regularizers(false));
        return conf;
    }
}
