package io.github.reglab.core.regularization;

import java.util.Arrays;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Group lasso: {@code penalty(W) = λ · Σ_g c_g · ‖W_g‖₂}, which drives whole groups of weights to zero together.
 * Groups are the rows of a dense weight matrix {@code W[nIn, nOut]} ({@link Groups#INPUT_FEATURES}: an all-zero row
 * removes that input, i.e. feature selection), its columns ({@link Groups#OUTPUT_NEURONS}: pruning neurons), or the
 * filters of a convolution weight {@code W[nOut, nIn, kH, kW]} ({@link Groups#FILTERS}). The group weight
 * {@code c_g} is {@code √|g|} by default (Yuan and Lin 2006), or 1 ({@link Weighting#ONE}, scikit-learn's
 * {@code MultiTaskLasso} penalty). Optional per-group factors {@code a_g} ({@link #withGroupFactors}) make it the
 * adaptive group lasso (Wang and Leng 2008; Zou 2006 for the lasso): {@code penalty(W) = λ · Σ_g a_g · c_g · ‖W_g‖₂}
 * with {@code a_g} large for groups a pilot fit found unimportant, so that the groups that matter are shrunk less —
 * {@link GroupFactors#adaptive} computes them from the pilot's group norms.
 *
 * <p>Subgradient form ({@link Step#GRADIENT}, before the updater): the gradient of group g gains
 * {@code λ·c_g·W_g/‖W_g‖} (0 for a zero
 * group). Proximal form ({@link Step#PROXIMAL}, after the updater): with {@code V = W − step}, block soft-thresholding
 * {@code W'_g = max(0, 1 − lr·λ·c_g/‖V_g‖)·V_g}, which gives groups that are exactly zero; exact proximal gradient
 * descent with plain SGD, a heuristic with adaptive updaters.
 *
 * <p>Build it with {@link Regularizers#inputGroupLasso}, {@link Regularizers#neuronGroupLasso} or
 * {@link Regularizers#filterGroupLasso}; the constructor is for a strength schedule or other weight shapes.
 *
 * <p>The pieces live beside it: where the groups lie in a weight ({@code GroupGeometry}), the block proximal
 * operators ({@code BlockProximal}), the adaptive factors ({@link GroupFactors}); the adaptive step's metric
 * ({@link UpdaterMetric}).
 */
public final class GroupLasso implements Regularization, UpdaterMetric.Preconditioned {

    private static final long serialVersionUID = 1L;

    /** What forms a group. */
    public enum Groups {
        /** Rows of a dense {@code W[nIn, nOut]}: all weights leaving one input feature. */
        INPUT_FEATURES,
        /** Columns of a dense {@code W[nIn, nOut]}: all weights entering one output neuron. */
        OUTPUT_NEURONS,
        /** Filters of a convolution {@code W[nOut, nIn, kH, kW]}: one output channel. */
        FILTERS
    }

    /** How each group's norm is weighted. */
    public enum Weighting {
        /** {@code c_g = √|g|}, so groups of different sizes are penalized comparably. */
        SQRT_GROUP_SIZE,
        /** {@code c_g = 1}: the plain L2,1 norm. */
        ONE
    }

    /** The strength. */
    @JsonProperty("lambda")
    private final ISchedule lambda;
    /** What forms a group. */
    @JsonProperty("groups")
    private final Groups groups;
    /** The layer's weight shape. */
    @JsonProperty("weightShape")
    private final long[] weightShape;
    /** The group weights. */
    @JsonProperty("weighting")
    private final Weighting weighting;
    /** Whether block soft-thresholding is used (the JSON form of {@link #step()}). */
    @JsonProperty("proximal")
    private final boolean proximal;
    /** Whether the proximal step follows the updater's metric ({@link Step#PROXIMAL_ADAPTIVE}). */
    @JsonProperty("adaptive")
    private final boolean adaptive;
    /** Per-group factors {@code a_g} (adaptive group lasso), or null for all 1. */
    @JsonProperty("groupFactors")
    private final double[] groupFactors;

    /**
     * Creates the penalty.
     *
     * @param lambda the strength, a schedule whose values must be finite and &ge; 0
     * @param groups what forms a group
     * @param weightShape the layer's weight shape: {@code [nIn, nOut]} for dense groups, {@code [nOut, nIn, kH, kW]}
     *     for filters
     * @param weighting the group weights {@code c_g}
     * @param step {@link Step#PROXIMAL} for block soft-thresholding (exact zero groups), {@link Step#GRADIENT} for
     *     the subgradient
     * @throws IllegalArgumentException naming the parameter, the value found and what is allowed
     */
    public GroupLasso(ISchedule lambda, Groups groups, long[] weightShape, Weighting weighting, Step step) {
        this(lambda, groups, Objects.requireNonNull(weightShape, "weightShape"), weighting, step, null);
    }

    private GroupLasso(ISchedule lambda, Groups groups, long[] weightShape, Weighting weighting, Step step,
            double[] groupFactors) {
        this.lambda = Strength.check("lambda", lambda);
        this.groups = Objects.requireNonNull(groups, "groups");
        this.weighting = Objects.requireNonNull(weighting, "weighting");
        // null until the layer it is attached to gives it (LayerRegularization.weights)
        this.weightShape = weightShape == null ? null : GroupGeometry.check(this.groups, weightShape);
        Objects.requireNonNull(step, "step");
        this.proximal = step.proximal();
        this.adaptive = step == Step.PROXIMAL_ADAPTIVE;
        this.groupFactors = groupFactors == null ? null : GroupFactors.check(groupFactors, groupCount());
    }

    /** The JSON form keeps the boolean {@code proximal} of earlier versions, so saved models still load. */
    @JsonCreator
    private static GroupLasso fromJson(@JsonProperty("lambda") ISchedule lambda, @JsonProperty("groups") Groups groups,
            @JsonProperty("weightShape") long[] weightShape, @JsonProperty("weighting") Weighting weighting,
            @JsonProperty("proximal") boolean proximal, @JsonProperty("adaptive") Boolean adaptive,
            @JsonProperty("groupFactors") double[] groupFactors) {
        return new GroupLasso(lambda, groups, weightShape, weighting, Step.of(proximal,
                Boolean.TRUE.equals(adaptive)), groupFactors);
    }

    /**
     * Group lasso on a dense (or output) layer.
     *
     * @param lambda the strength
     * @param nIn the layer's number of inputs
     * @param nOut the layer's number of outputs
     * @param groups {@link Groups#INPUT_FEATURES} or {@link Groups#OUTPUT_NEURONS}
     * @param step how the penalty is applied
     * @return the regularizer, with {@code c_g = √|g|}
     */
    static GroupLasso dense(double lambda, long nIn, long nOut, Groups groups, Step step) {
        if (groups == Groups.FILTERS) {
            throw new IllegalArgumentException(
                    "groups FILTERS is for convolution layers; use Regularizers.filterGroupLasso");
        }
        return new GroupLasso(Strength.fixed("lambda", lambda), groups, new long[] {nIn, nOut},
                Weighting.SQRT_GROUP_SIZE, step);
    }

    /**
     * Group lasso whose weight shape the layer it is attached to gives ({@link LayerRegularization#weights}).
     *
     * @param lambda the strength
     * @param groups what forms a group
     * @param step how the penalty is applied
     * @return the regularizer, with {@code c_g = √|g|}, without a weight shape yet
     */
    static GroupLasso unshaped(double lambda, Groups groups, Step step) {
        return new GroupLasso(Strength.fixed("lambda", lambda), groups, null, Weighting.SQRT_GROUP_SIZE, step, null);
    }

    /**
     * Returns whether the weight shape is known.
     *
     * @return false for a group lasso built without its shape and not yet attached to a layer
     */
    public boolean shaped() {
        return weightShape != null;
    }

    /**
     * Returns a copy for a weight of this shape ({@link LayerRegularization#weights} calls it with the layer's).
     *
     * @param shape {@code [nIn, nOut]} for dense groups, {@code [nOut, nIn, kH, kW]} for filters
     * @return the copy
     * @throws IllegalArgumentException when the shape does not suit the grouping, or the per-group factors do not
     *     match its group count
     */
    public GroupLasso withWeightShape(long... shape) {
        return new GroupLasso(lambda, groups, Objects.requireNonNull(shape, "shape"), weighting, step(),
                groupFactors);
    }

    /**
     * Group lasso over the filters of a 2-D convolution layer.
     *
     * @param lambda the strength
     * @param nOut output channels (filters)
     * @param nIn input channels
     * @param kH kernel height
     * @param kW kernel width
     * @param step how the penalty is applied
     * @return the regularizer, with {@code c_g = √|g|}
     */
    static GroupLasso filters(double lambda, long nOut, long nIn, long kH, long kW, Step step) {
        return new GroupLasso(Strength.fixed("lambda", lambda), Groups.FILTERS, new long[] {nOut, nIn, kH, kW},
                Weighting.SQRT_GROUP_SIZE, step);
    }

    /**
     * Returns a copy with other group weights.
     *
     * @param w the group weights to use instead
     * @return the copy
     */
    public GroupLasso withWeighting(Weighting w) {
        return new GroupLasso(lambda, groups, weightShape, w, step(), groupFactors);
    }

    /**
     * Returns a copy with per-group factors: the adaptive group lasso {@code λ · Σ_g a_g · c_g · ‖W_g‖₂}. A factor
     * of 0 leaves its group unpenalized.
     *
     * @param factors one finite factor &ge; 0 per group, in group order ({@link #groupCount()} of them), or null
     *     for all 1 (the plain group lasso)
     * @return the copy
     * @throws IllegalArgumentException if the count differs from the number of groups or a factor is negative,
     *     infinite or NaN
     */
    public GroupLasso withGroupFactors(double[] factors) {
        return new GroupLasso(lambda, groups, weightShape, weighting, step(), factors);
    }

    /**
     * Returns the per-group factors.
     *
     * @return a copy of the factors {@code a_g}, or null when every group has factor 1
     */
    public double[] groupFactors() {
        return groupFactors == null ? null : groupFactors.clone();
    }

    /**
     * Returns the strength.
     *
     * @return the strength schedule
     */
    public ISchedule lambda() {
        return lambda;
    }

    /**
     * Returns what forms a group.
     *
     * @return the grouping
     */
    public Groups groups() {
        return groups;
    }

    /**
     * Returns the layer's weight shape.
     *
     * @return a copy of the configured weight shape, or null before a layer gave it ({@link #shaped()})
     */
    public long[] weightShape() {
        return weightShape == null ? null : weightShape.clone();
    }

    /**
     * Returns the group weighting.
     *
     * @return the weighting
     */
    public Weighting weighting() {
        return weighting;
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

    /**
     * Returns the number of groups.
     *
     * @return rows, columns or filters of the weight
     */
    public long groupCount() {
        return geometry().groupCount();
    }

    /**
     * Returns the number of weights in one group.
     *
     * @return the group size
     */
    public long groupSize() {
        GroupGeometry g = geometry();
        return g.length() / g.groupCount();
    }

    /**
     * Returns the group weight.
     *
     * @return {@code c_g}, the same for every group since all groups have the same size
     */
    public double groupWeight() {
        return weighting == Weighting.ONE ? 1.0 : Math.sqrt(groupSize());
    }

    private GroupGeometry geometry() {
        if (weightShape == null) {
            throw new IllegalStateException("group lasso by " + groups + " has no weight shape yet: attach it with "
                    + "LayerRegularization.weights(builder, ...) to a layer whose " + (groups == Groups.FILTERS
                    ? "nIn, nOut and kernel size" : "nIn and nOut") + " are set, or build it with the shape ("
                    + (groups == Groups.FILTERS ? "Regularizers.filterGroupLasso(lambda, nOut, nIn, kH, kW, step)"
                    : "Regularizers.inputGroupLasso(lambda, nIn, nOut, step)") + ")");
        }
        return new GroupGeometry(groups, weightShape);
    }

    /**
     * Views a parameter as a matrix with one group a row ({@link GroupGeometry#rows}).
     *
     * @param p the weight parameter or its gradient/update, flattened or shaped
     * @return {@code [groupCount, groupSize]}, a view for a flattened parameter
     */
    INDArray groupRows(INDArray p) {
        return geometry().rows(p);
    }

    /** The factors a_g as a column vector in {@code like}'s data type, or null when all factors are 1. */
    private INDArray factorColumn(INDArray like) {
        return groupFactors == null ? null
                : Nd4j.createFromArray(groupFactors).castTo(like.dataType()).reshape(groupFactors.length, 1);
    }

    @Override
    public ApplyStep applyStep() {
        return proximal ? ApplyStep.POST_UPDATER : ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        double l = Strength.at("lambda", lambda, iteration, epoch) * groupWeight();
        if (l == 0) {
            return;
        }
        INDArray w = groupRows(param);
        INDArray g = groupRows(gradView);
        INDArray a = factorColumn(w);
        if (!proximal) {
            // g += w · λc·a_g/‖w_g‖ per group; a zero group has w_g = 0, so its (finite) coefficient does not matter
            INDArray coefficient = BlockProximal.inverseNorms(w).muli(l);
            g.addi(w.mulColumnVector(a == null ? coefficient : coefficient.muli(a)));
            return;
        }
        INDArray v = w.sub(g);
        INDArray s = UpdaterMetric.stepSizes(adaptive, param, lr, iteration, this);
        if (s != null) {
            double[] tau = new double[(int) groupCount()];
            for (int i = 0; i < tau.length; i++) {
                tau[i] = groupFactors == null ? l : l * groupFactors[i];
            }
            v.assign(BlockProximal.preconditionedProx(v, groupRows(s), tau));
            Nd4j.exec(new SubOp(w, v, g));
            return;
        }
        BlockProximal.shrinkRows(v, lr * l, a);
        Nd4j.exec(new SubOp(w, v, g));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        double l = Strength.at("lambda", lambda, iteration, epoch) * groupWeight();
        if (l == 0) {
            return 0;
        }
        INDArray norms = groupRows(param).norm2(1);
        if (groupFactors == null) {
            return l * norms.sumNumber().doubleValue();
        }
        double sum = 0;
        double[] n = norms.toDoubleVector();
        for (int g = 0; g < n.length; g++) {
            sum += groupFactors[g] * n[g];
        }
        return l * sum;
    }

    /**
     * Returns the L2 norm of each group, in group order.
     *
     * @param param the weight parameter (flattened or shaped)
     * @return the L2 norm of each group, in group order
     */
    public double[] groupNorms(INDArray param) {
        return groupRows(param).norm2(1).toDoubleVector();
    }

    @Override
    public Regularization clone() {
        return new GroupLasso(lambda.clone(), groups, weightShape, weighting, step(), groupFactors);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupLasso gl && gl.lambda.equals(lambda) && gl.groups == groups
                && Arrays.equals(gl.weightShape, weightShape) && gl.weighting == weighting && gl.proximal == proximal
                && gl.adaptive == adaptive && Arrays.equals(gl.groupFactors, groupFactors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lambda, groups, Arrays.hashCode(weightShape), weighting, proximal, adaptive,
                Arrays.hashCode(groupFactors));
    }

    @Override
    public String toString() {
        return "GroupLasso(lambda=" + lambda + ", groups=" + groups + ", weightShape=" + Arrays.toString(weightShape)
                + ", weighting=" + weighting + ", step=" + step()
                + (groupFactors == null ? "" : ", groupFactors=" + Arrays.toString(groupFactors)) + ")";
    }
}
