package io.github.reglab.core.regularization;

import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Decoupled weight decay (Loshchilov and Hutter, "AdamW"): after the updater, the step gains {@code lr·λ·w}, so
 * every weight shrinks by the factor {@code (1 − lr·λ)} independently of the adaptive scaling of Adam or RMSProp.
 * With plain SGD it is identical to L2 ({@code ElasticNet(λ, 0, false)}); with adaptive updaters it is not, and is
 * usually the better choice. PyTorch's {@code AdamW(weight_decay=λ)} is this with the same λ.
 *
 * <p>{@link #score} reports {@code 0.5·λ·‖w‖²}, the L2 penalty it corresponds to under SGD.
 */
public final class DecoupledWeightDecay implements Regularization {

    private static final long serialVersionUID = 1L;

    /** The decay rate. */
    @JsonProperty("lambda")
    private final ISchedule lambda;

    /**
     * Creates the decay with a rate schedule.
     *
     * @param lambda the decay rate per unit learning rate, finite and &ge; 0
     */
    @JsonCreator
    public DecoupledWeightDecay(@JsonProperty("lambda") ISchedule lambda) {
        this.lambda = Strength.check("lambda", lambda);
    }

    /**
     * Creates the decay with a fixed rate.
     *
     * @param lambda the decay rate per unit learning rate, finite and &ge; 0
     */
    public DecoupledWeightDecay(double lambda) {
        this(Strength.fixed("lambda", lambda));
    }

    /**
     * Returns the decay schedule.
     *
     * @return the decay schedule
     */
    public ISchedule lambda() {
        return lambda;
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.POST_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        double l = Strength.at("lambda", lambda, iteration, epoch);
        if (l > 0) {
            gradView.addi(param.mul(lr * l));
        }
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        double n2 = param.norm2Number().doubleValue();
        return 0.5 * Strength.at("lambda", lambda, iteration, epoch) * n2 * n2;
    }

    @Override
    public Regularization clone() {
        return new DecoupledWeightDecay(lambda.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoupledWeightDecay d && d.lambda.equals(lambda);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lambda);
    }

    @Override
    public String toString() {
        return "DecoupledWeightDecay(lambda=" + lambda + ")";
    }
}
