package io.github.reglab.fraud;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.regularization.GroupFactors;
import io.github.reglab.core.regularization.GroupLasso;
import io.github.reglab.core.train.Trainer;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.core.train.TrainingResult;
import io.github.reglab.core.train.ValidationMetrics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The first stage of the adaptive group lasso (Wang and Leng 2008; Zou 2006 for the lasso) on the fraud network:
 * a ridge pilot ({@link FraudNetSpec#pilot()}) is trained, each input feature's importance is read from the pilot's
 * first layer — the L2 norm of the feature's row of {@code W[nIn, nOut]}, after scaling every column (hidden unit)
 * to unit norm when batch normalization follows the layer (which makes the column scales arbitrary) — and the group
 * lasso's factors are {@code (mean importance / importance)^γ}
 * ({@link GroupFactors#adaptive(double[], double)}). The regularized model then starts from the pilot's
 * weights ({@link #regularizedNetwork}).
 *
 * <p>Why a pilot, and why it starts the second stage: a feature whose signal is not linear — V5 of the built-in
 * generator shifts the variance, V6 and V7 only their correlation — has a zero data gradient while its weights are
 * near zero, so a group lasso started from a random initialization removes it before the network learns to use
 * it. A ridge fit learns those features (its weight decay leaves noise rows small and keeps the rows the loss needs),
 * the factors then shrink the features the pilot found unimportant hardest, and starting from the pilot keeps the
 * learned rows away from zero. docs/results/fraud.md has the measurements.
 */
public final class AdaptivePilot {

    private final TrainingResult result;
    private final double[] importance;
    private final double[] factors;

    private AdaptivePilot(TrainingResult result, double[] importance, double[] factors) {
        this.result = result;
        this.importance = importance;
        this.factors = factors;
    }

    /**
     * The pilot's training rules: the main run's, with a fixed {@link FraudNetSpec.AdaptiveWeights#pilotEpochs()}
     * (no early stop, the best epoch by validation average precision restored) and no checkpoints.
     *
     * @param main the regularized model's trainer settings
     * @param weights the pilot settings
     * @return the pilot's trainer settings
     */
    public static TrainerSpec trainerSpec(TrainerSpec main, FraudNetSpec.AdaptiveWeights weights) {
        int epochs = weights.pilotEpochs();
        return main.withEarlyStopping(EarlyStoppingSpec.of(ValidationMetrics.AVERAGE_PRECISION, epochs)
                .withPatience(epochs)).withCheckpointEvery(TrainerSpec.NO_CHECKPOINTS);
    }

    /**
     * Trains the pilot and computes the factors.
     *
     * @param spec the regularized model's spec, {@link FraudNetSpec#adaptive()} true
     * @param seed the weight-initialization seed (the regularized model's)
     * @param trainer a trainer built from {@link #trainerSpec}
     * @param train the training minibatches
     * @param validation the validation minibatches
     * @return the pilot, its importances and the factors
     * @throws IllegalStateException if the spec has no adaptive weights, or the pilot's first layer is all zero
     */
    public static AdaptivePilot fit(FraudNetSpec spec, long seed, Trainer trainer, DataSetIterator train,
            DataSetIterator validation) {
        FraudNetSpec pilotSpec = spec.pilot();
        MultiLayerNetwork net = new MultiLayerNetwork(pilotSpec.toDl4j(seed));
        net.init();
        TrainingResult r = trainer.fit(net, train, validation);
        double[] importance = importance(r.network().getLayer(0).getParam("W"), spec.shape().batchNorm().on());
        try {
            return new AdaptivePilot(r, importance,
                    GroupFactors.adaptive(importance, spec.penalties().adaptiveWeights().gamma()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the adaptive group lasso's pilot gave unusable first-layer row norms ("
                    + e.getMessage() + "); train it longer (--pilot-epochs) or with a smaller --pilot-l2", e);
        }
    }

    /**
     * Each input's importance in a first-layer weight {@code W[nIn, nOut]}: the norm of its row, after scaling every
     * column to unit norm when {@code columnScaleFree} (batch normalization after the layer) — a zero column stays
     * zero.
     *
     * @param w the weight
     * @param columnScaleFree whether each column's scale is arbitrary
     * @return one importance per input
     */
    static double[] importance(INDArray w, boolean columnScaleFree) {
        if (!columnScaleFree) {
            return w.norm2(1).toDoubleVector();
        }
        // a zero column is divided by 1, so it stays zero
        INDArray norms = w.norm2(0);
        INDArray divisors = norms.add(norms.eq(0).castTo(norms.dataType()));
        return w.divRowVector(divisors).norm2(1).toDoubleVector();
    }

    /**
     * Builds the regularized model: {@code spec}'s network with this pilot's factors on its group lasso, initialized
     * and then set to the pilot's parameters (same layout: {@link FraudNetSpec#pilot()} differs only in its
     * penalties).
     *
     * @param spec the regularized model's spec (the one the pilot was fitted for)
     * @param seed the weight-initialization seed
     * @return the network, ready to train
     * @throws IllegalArgumentException if the parameter counts of the spec's network and the pilot differ
     */
    public MultiLayerNetwork regularizedNetwork(FraudNetSpec spec, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(spec.toDl4j(seed, factors));
        net.init();
        INDArray p = result.network().params();
        if (net.numParams() != p.length()) {
            throw new IllegalArgumentException("the regularized model has " + net.numParams()
                    + " parameters but the pilot " + p.length() + "; they must be the same network");
        }
        net.setParams(p.dup());
        return net;
    }

    /**
     * Returns the pilot's training outcome.
     *
     * @return the pilot's result (its network is the best epoch's)
     */
    public TrainingResult result() {
        return result;
    }

    /**
     * Returns each input's importance in the pilot.
     *
     * @return a copy, one value per input feature
     */
    public double[] importance() {
        return importance.clone();
    }

    /**
     * Returns the group lasso's factors.
     *
     * @return a copy, one value per input feature
     */
    public double[] factors() {
        return factors.clone();
    }
}
