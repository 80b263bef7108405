package io.github.reglab.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.github.reglab.core.regularization.GroupLasso;
import io.github.reglab.core.regularization.Regularize;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.train.LearningRateSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
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
 * schedule (the tutorial's inverse-time decay by default). {@link #toDl4j} turns it into DL4J's
 * configuration, in this one place.
 *
 * @param inputs number of input features
 * @param hidden units of the dense layer, &ge; 1
 * @param dropRate dropout drop rate after the hidden layer, in [0, 1)
 * @param l1 L1 strength on both weight layers, &ge; 0 (0 = off)
 * @param l2 L2 strength (DL4J scale, {@code 0.5·λ·‖w‖²}) on both weight layers, &ge; 0
 * @param elasticAlpha elastic-net alpha on both weight layers, &ge; 0 (0 = off)
 * @param elasticRatio elastic-net L1 ratio in [0, 1]
 * @param groupLasso group-lasso strength over the input features (rows of the first weight matrix), &ge; 0
 * @param proximal whether L1, elastic net and group lasso use proximal steps (exact zeros)
 * @param learningRate Adam's learning rate and its schedule
 * @param classWeights loss weight of class 0 and class 1, each &gt; 0
 * @param batchNorm whether batch normalization follows the dense layer
 */
public record FraudNetSpec(int inputs, int hidden, double dropRate, double l1, double l2, double elasticAlpha,
        double elasticRatio, double groupLasso, boolean proximal, LearningRateSpec learningRate,
        double[] classWeights, boolean batchNorm) {

    /** Validates every field; messages name the option and the allowed range. */
    public FraudNetSpec {
        check(inputs >= 1, "number of input features must be >= 1, found " + inputs);
        check(hidden >= 1 && hidden <= 100_000, "--hidden must be in [1, 100000], found " + hidden);
        check(dropRate >= 0 && dropRate < 1, "--dropout (a drop rate) must be in [0, 1), found " + dropRate);
        nonNegative("--l1", l1);
        nonNegative("--l2", l2);
        nonNegative("--elastic-net alpha", elasticAlpha);
        check(elasticRatio >= 0 && elasticRatio <= 1, "--elastic-net ratio must be in [0, 1], found " + elasticRatio);
        nonNegative("--group-lasso", groupLasso);
        Objects.requireNonNull(learningRate, "learningRate");
        check(classWeights.length == 2 && classWeights[0] > 0 && classWeights[1] > 0
                && Double.isFinite(classWeights[0]) && Double.isFinite(classWeights[1]),
                "class weights must be two finite values > 0");
        classWeights = classWeights.clone();
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

    /**
     * @return the same network with no regularization at all (no dropout, L1, L2, elastic net or group lasso):
     *     the baseline the report compares against
     */
    public FraudNetSpec unregularized() {
        return new FraudNetSpec(inputs, hidden, 0, 0, 0, 0, elasticRatio, 0, false, learningRate, classWeights,
                batchNorm);
    }

    /**
     * @return whether any regularizer or dropout is on
     */
    public boolean regularized() {
        return dropRate > 0 || l1 > 0 || l2 > 0 || elasticAlpha > 0 || groupLasso > 0;
    }

    /**
     * @param inputLayer whether the regularizers are for the first (input) weight layer
     * @return the weight regularizers of that layer, proximal ones after the others
     */
    public List<Regularization> regularizers(boolean inputLayer) {
        List<Regularization> r = new ArrayList<>();
        if (l2 > 0) {
            r.add(Regularizers.l2(l2));
        }
        if (l1 > 0) {
            r.add(proximal ? Regularizers.proximalL1(l1) : Regularizers.l1(l1));
        }
        if (elasticAlpha > 0) {
            r.add(proximal ? Regularizers.proximalElasticNet(elasticAlpha, elasticRatio)
                    : Regularizers.elasticNet(elasticAlpha, elasticRatio));
        }
        if (inputLayer && groupLasso > 0) {
            r.add(GroupLasso.dense(groupLasso, inputs, hidden, GroupLasso.Groups.INPUT_FEATURES, proximal));
        }
        return r;
    }

    /**
     * @param seed the weight-initialization seed
     * @return DL4J's configuration of this network
     */
    public MultiLayerConfiguration toDl4j(long seed) {
        var list = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam(learningRate.toSchedule()))
                .weightInit(WeightInit.RELU).list()
                .layer(Regularize.weights(new DenseLayer.Builder().nIn(inputs).nOut(hidden)
                        .activation(Activation.IDENTITY), regularizers(true).toArray(Regularization[]::new)).build());
        if (batchNorm) {
            list.layer(new BatchNormalization.Builder().nOut(hidden).build());
        }
        list.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
        if (dropRate > 0) {
            list.layer(new DropoutLayer.Builder().dropOut(Regularize.dropout(dropRate)).build());
        }
        list.layer(Regularize.weights(new OutputLayer.Builder(new LossMCXENT(Nd4j.createFromArray(
                (float) classWeights[0], (float) classWeights[1]))).nIn(hidden).nOut(2).activation(Activation.SOFTMAX),
                regularizers(false).toArray(Regularization[]::new)).build());
        MultiLayerConfiguration conf = list.build();
        Regularize.verify(conf, 0, regularizers(true));
        Regularize.verify(conf, conf.getConfs().size() - 1, regularizers(false));
        return conf;
    }
}
