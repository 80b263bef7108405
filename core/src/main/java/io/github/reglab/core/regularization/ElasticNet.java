package io.github.reglab.core.regularization;

import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Elastic-net penalty with scikit-learn's parametrization, which covers L1 ({@code l1Ratio = 1}) and L2
 * ({@code l1Ratio = 0}) too:
 * <pre>
 *   penalty(w) = alpha · l1Ratio · ‖w‖₁ + 0.5 · alpha · (1 − l1Ratio) · ‖w‖²
 * </pre>
 * With {@code l1Ratio = 0} this is DL4J's own L2 scale ({@code L2Regularization(λ)}: {@code 0.5·λ·‖w‖²}); with
 * {@code l1Ratio = 1} it is DL4J's L1 ({@code λ·‖w‖₁}). See {@link Regularizers} for the mapping to Keras, PyTorch
 * and scikit-learn.
 *
 * <p>Two ways to apply it:
 * <ul>
 *   <li><b>Subgradient</b> ({@link Step#GRADIENT}), before the updater: the gradient gains
 *       {@code alpha·l1Ratio·sign(w) + alpha·(1 − l1Ratio)·w}. Weights shrink but almost never reach exactly 0.</li>
 *   <li><b>Proximal</b> ({@link Step#PROXIMAL}), after the updater: with {@code v = w − step} (the updater's step,
 *       learning rate applied) the new weights are
 *       {@code w' = soft_threshold(v, lr·alpha·l1Ratio) / (1 + lr·alpha·(1 − l1Ratio))}, where
 *       {@code soft_threshold(v, t) = sign(v)·max(|v| − t, 0)}: the proximal operator of the penalty. Weights the
 *       data does not support become exactly 0. With plain SGD this is proximal gradient descent (ISTA) and
 *       converges to the exact elastic-net solution; with adaptive updaters (Adam, RMSProp …) the threshold uses
 *       the base learning rate, not the per-weight one, so it is a well-behaved heuristic rather than an exact
 *       proximal method.</li>
 * </ul>
 * Build it with {@link Regularizers#l1}, {@link Regularizers#l2} or {@link Regularizers#elasticNet}; the
 * constructor is for a strength that follows an ND4J {@link ISchedule}. Immutable: an adaptive one finds its
 * parameter's updater state at each step through {@link UpdaterMetric}, and holds none of it.
 */
public final class ElasticNet implements Regularization, UpdaterMetric.Preconditioned {

    private static final long serialVersionUID = 1L;

    /** The overall strength. */
    @JsonProperty("alpha")
    private final ISchedule alpha;
    /** The share of L1. */
    @JsonProperty("l1Ratio")
    private final double l1Ratio;
    /** Whether the proximal step is used (the JSON form of {@link #step()}). */
    @JsonProperty("proximal")
    private final boolean proximal;
    /** Whether the proximal step follows the updater's metric ({@link Step#PROXIMAL_ADAPTIVE}). */
    @JsonProperty("adaptive")
    private final boolean adaptive;

    /**
     * Creates the penalty with a strength schedule.
     *
     * @param alpha the overall strength, a schedule whose values must be finite and non-negative
     * @param l1Ratio the share of L1 in [0, 1]
     * @param step how the penalty is applied
     * @throws IllegalArgumentException naming the parameter, the value and the allowed range
     */
    public ElasticNet(ISchedule alpha, double l1Ratio, Step step) {
        this.alpha = Strength.check("alpha", alpha);
        if (!(l1Ratio >= 0 && l1Ratio <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "l1Ratio must be in [0, 1], found %s",
                    l1Ratio));
        }
        this.l1Ratio = l1Ratio;
        Objects.requireNonNull(step, "step");
        this.proximal = step.proximal();
        this.adaptive = step == Step.PROXIMAL_ADAPTIVE;
    }

    /** The JSON form keeps the boolean {@code proximal} of earlier versions, so saved models still load. */
    @JsonCreator
    private static ElasticNet fromJson(@JsonProperty("alpha") ISchedule alpha, @JsonProperty("l1Ratio") double l1Ratio,
            @JsonProperty("proximal") boolean proximal, @JsonProperty("adaptive") Boolean adaptive) {
        return new ElasticNet(alpha, l1Ratio, Step.of(proximal,
                Boolean.TRUE.equals(adaptive)));
    }

    /**
     * Returns the strength.
     *
     * @return the strength schedule
     */
    public ISchedule alpha() {
        return alpha;
    }

    /**
     * Returns the share of L1.
     *
     * @return {@code l1Ratio} in [0, 1]
     */
    public double l1Ratio() {
        return l1Ratio;
    }

    /**
     * Returns how the penalty is applied.
     *
     * @return the step
     */
    public Step step() {
        return Step.of(proximal, adaptive);
    }

    @Override
    public boolean adaptive() {
        return adaptive;
    }

    @Override
    public ApplyStep applyStep() {
        return proximal ? ApplyStep.POST_UPDATER : ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        double a = Strength.at("alpha", alpha, iteration, epoch);
        double l1 = a * l1Ratio;
        double l2 = a * (1 - l1Ratio);
        if (!proximal) {
            // one op per term, as DL4J's own L1/L2: grad += l1·sign(w); grad += l2·w
            if (l1 > 0) {
                Nd4j.exec(new Axpy(Transforms.sign(param, true), gradView, gradView, l1));
            }
            if (l2 > 0) {
                Nd4j.exec(new Axpy(param, gradView, gradView, l2));
            }
            return;
        }
        if (a == 0) {
            return;
        }
        // v = w − step; w' = soft(v, lr·l1) / (1 + lr·l2), with soft(v, t) = v − clip(v, −t, t), which is exactly 0
        // where |v| ≤ t; the step becomes w − w', so the updater's w − step lands on w'.
        INDArray s = UpdaterMetric.stepSizes(adaptive, param, lr, iteration, this);
        INDArray shrunk;
        if (s == null) {
            shrunk = Proximal.softThreshold(param.sub(gradView), lr * l1);
            if (l2 > 0) {
                shrunk.divi(1 + lr * l2);
            }
        } else {
            // the same step in Adam's metric: thresholds s_i·l1 and shrink factors 1 + s_i·l2 per element
            shrunk = Proximal.softThreshold(param.sub(gradView), s.mul(l1));
            if (l2 > 0) {
                shrunk.divi(s.mul(l2).addi(1));
            }
        }
        Nd4j.exec(new SubOp(param, shrunk, gradView));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        double a = Strength.at("alpha", alpha, iteration, epoch);
        double s = 0;
        if (l1Ratio > 0) {
            s += a * l1Ratio * param.norm1Number().doubleValue();
        }
        if (l1Ratio < 1) {
            double n2 = param.norm2Number().doubleValue();
            s += 0.5 * a * (1 - l1Ratio) * n2 * n2;
        }
        return s;
    }

    @Override
    public Regularization clone() {
        return new ElasticNet(alpha.clone(), l1Ratio, step());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElasticNet e && e.alpha.equals(alpha) && Double.compare(e.l1Ratio, l1Ratio) == 0
                && e.proximal == proximal && e.adaptive == adaptive;
    }

    @Override
    public int hashCode() {
        return Objects.hash(alpha, l1Ratio, proximal, adaptive);
    }

    @Override
    public String toString() {
        return "ElasticNet(alpha=" + alpha + ", l1Ratio=" + l1Ratio + ", step=" + step() + ")";
    }
}
