package io.github.reglab.core.loss;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Softmax cross-entropy against smoothed targets, PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)} and
 * Keras's {@code CategoricalCrossentropy(label_smoothing=ε)}: each one-hot label row {@code y} of K classes becomes
 * {@code (1 − ε)·y + ε/K}, so the network is never pushed towards probabilities of exactly 0 and 1 (Szegedy et
 * al., "Rethinking the Inception Architecture", 2016). Per example, with class weights {@code w} (all 1 without):
 * <pre>
 *   L = −Σ_k w_k·((1 − ε)·y_k + ε/K)·log p_k,    p = softmax(z),    ∂L/∂z = p·Σ_k w_k·y'_k − w ⊙ y'
 * </pre>
 * — PyTorch's per-example loss ({@code reduction='none'}) and its gradient. Averaged over the minibatch's examples,
 * as DL4J's losses are (PyTorch's {@code 'mean'} divides a weighted loss by the targets' total weight instead).
 * Probabilities are clipped to {@code [1e-10, 1 − 1e-10]} in the score as DL4J's {@code LossMCXENT} does.
 *
 * <p>Use it in an {@code OutputLayer} or {@code LossLayer} with softmax activation:
 * {@code new OutputLayer.Builder(new LabelSmoothedCrossEntropy(0.1)).activation(Activation.SOFTMAX)}. Validation
 * metrics (accuracy, AUC) read the plain labels; the validation loss is this loss. Immutable; serialized in DL4J's
 * JSON with its {@code epsilon} and {@code weights}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class LabelSmoothedCrossEntropy implements ILossFunction {

    private static final long serialVersionUID = 1L;

    /** The smoothing ε, in [0, 1). */
    @JsonProperty("epsilon")
    private final double epsilon;
    /** One weight per class, or null for none. */
    @JsonProperty("weights")
    private final double[] weights;
    @JsonIgnore
    private transient LossMCXENT crossEntropy;

    /**
     * Label smoothing without class weights.
     *
     * @param epsilon the smoothing, in [0, 1): 0 is plain cross-entropy, PyTorch's and Keras's usual value 0.1
     */
    public LabelSmoothedCrossEntropy(double epsilon) {
        this(epsilon, null);
    }

    /**
     * Label smoothing with class weights.
     *
     * @param epsilon the smoothing, in [0, 1)
     * @param weights one positive finite weight per class, or null for none
     * @throws IllegalArgumentException naming the parameter when a value is out of range
     */
    @JsonCreator
    public LabelSmoothedCrossEntropy(@JsonProperty("epsilon") double epsilon,
            @JsonProperty("weights") double[] weights) {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1), found " + epsilon);
        }
        if (weights != null) {
            if (weights.length == 0) {
                throw new IllegalArgumentException("weights must have one entry per class, found none");
            }
            for (int k = 0; k < weights.length; k++) {
                if (!(weights[k] > 0) || !Double.isFinite(weights[k])) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "weights[%d] must be positive "
                            + "and finite, found %s", k, weights[k]));
                }
            }
        }
        this.epsilon = epsilon;
        this.weights = weights == null ? null : weights.clone();
    }

    /**
     * Returns the smoothing.
     *
     * @return ε
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * Returns the class weights.
     *
     * @return a copy of the class weights, or null
     */
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    @SuppressWarnings("try") // the scope is what matters: the weights array outlives every workspace
    private LossMCXENT crossEntropy() {
        if (crossEntropy == null) {
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                crossEntropy = weights == null ? new LossMCXENT() : new LossMCXENT(Nd4j.createFromArray(weights));
            }
        }
        return crossEntropy;
    }

    /** The smoothed targets {@code (1 − ε)·y + ε/K}, a new array in the output's type. */
    private INDArray smoothed(INDArray labels, INDArray preOutput, IActivation activationFn) {
        if (!(activationFn instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("label smoothing needs a softmax output, found " + activationFn);
        }
        if (weights != null && weights.length != labels.size(1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the loss has %d class weights but the "
                    + "output has %d classes", weights.length, labels.size(1)));
        }
        INDArray y = labels.castTo(preOutput.dataType()).mul(1 - epsilon);
        return y.addi(epsilon / labels.size(1));
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        return crossEntropy().computeScore(smoothed(labels, preOutput, activationFn), preOutput, activationFn, mask,
                average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return crossEntropy().computeScoreArray(smoothed(labels, preOutput, activationFn), preOutput, activationFn,
                mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return crossEntropy().computeGradient(smoothed(labels, preOutput, activationFn), preOutput, activationFn,
                mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        INDArray y = smoothed(labels, preOutput, activationFn);
        return new Pair<>(crossEntropy().computeScore(y, preOutput, activationFn, mask, average),
                crossEntropy().computeGradient(y, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSmoothedCrossEntropy l && l.epsilon == epsilon && Arrays.equals(l.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(epsilon) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "LabelSmoothedCrossEntropy(epsilon=" + epsilon + (weights == null ? "" : ", weights="
                + Arrays.toString(weights)) + ")";
    }
}
