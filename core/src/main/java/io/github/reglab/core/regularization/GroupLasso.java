package io.github.reglab.core.regularization;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
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
 * {@link #adaptiveFactors} computes them from the pilot's group norms.
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
 * <p>DL4J does not tell a regularizer the shape of the parameter it gets (it passes a flattened view: dense
 * weights column-major, convolution weights row-major), so the layer's weight shape is part of the configuration
 * and every call checks it against the parameter's length.
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
    /** Adam's metric for the parameter once {@link UpdaterMetric#bind} has run ({@code PLAIN} under another
     * updater); null before. */
    @JsonIgnore
    private transient UpdaterMetric metric;
    /** {@link #groupFactors} as a column vector in the parameter's data type, built on first use. */
    @JsonIgnore
    private transient INDArray factorColumn;

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
        this(lambda, groups, weightShape, weighting, step, null);
    }

    private GroupLasso(ISchedule lambda, Groups groups, long[] weightShape, Weighting weighting, Step step,
            double[] groupFactors) {
        this.lambda = Strength.check("lambda", lambda);
        this.groups = Objects.requireNonNull(groups, "groups");
        this.weighting = Objects.requireNonNull(weighting, "weighting");
        Objects.requireNonNull(weightShape, "weightShape");
        int rank = groups == Groups.FILTERS ? 4 : 2;
        if (weightShape.length != rank) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "group lasso by %s needs a weight shape of rank %d (%s), found %s", groups, rank,
                    rank == 2 ? "[nIn, nOut]" : "[nOut, nIn, kH, kW]", Arrays.toString(weightShape)));
        }
        for (long d : weightShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("every dimension of weightShape must be >= 1, found "
                        + Arrays.toString(weightShape));
            }
        }
        this.weightShape = weightShape.clone();
        Objects.requireNonNull(step, "step");
        this.proximal = step.proximal();
        this.adaptive = step == Step.PROXIMAL_ADAPTIVE;
        this.groupFactors = groupFactors == null ? null : checkFactors(groupFactors, groupCount());
    }

    private static double[] checkFactors(double[] factors, long groupCount) {
        if (factors.length != groupCount) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "groupFactors needs one factor per group (%d), found %d", groupCount, factors.length));
        }
        for (int g = 0; g < factors.length; g++) {
            if (!(factors[g] >= 0 && Double.isFinite(factors[g]))) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "groupFactors[%d] must be finite and >= 0, found %s", g, factors[g]));
            }
        }
        return factors.clone();
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
     * The adaptive group lasso's factors from a pilot fit: {@code a_g = (m / n_g)^γ}, where {@code n_g} is the
     * pilot's norm of group g and {@code m} the mean of the {@code n_g}, so that a group of average importance
     * keeps the factor 1 and λ keeps its scale. Groups the pilot found unimportant are penalized more, important
     * ones less (Wang and Leng 2008, "A note on adaptive group lasso", with γ = 1 there; Zou 2006 for the lasso).
     * A group with pilot norm 0 gets the largest finite factor of the others times 10^3.
     *
     * @param pilotNorms each group's norm in the pilot fit, finite and &ge; 0, not all 0
     * @param gamma the exponent γ, finite and &gt; 0
     * @return the factors, in group order
     * @throws IllegalArgumentException naming the parameter and the value found
     */
    public static double[] adaptiveFactors(double[] pilotNorms, double gamma) {
        if (!(gamma > 0 && Double.isFinite(gamma))) {
            throw new IllegalArgumentException("gamma must be finite and > 0, found " + gamma);
        }
        double mean = 0;
        for (int g = 0; g < pilotNorms.length; g++) {
            if (!(pilotNorms[g] >= 0 && Double.isFinite(pilotNorms[g]))) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "pilotNorms[%d] must be finite and >= 0, found %s", g, pilotNorms[g]));
            }
            mean += pilotNorms[g] / pilotNorms.length;
        }
        if (!(mean > 0)) {
            throw new IllegalArgumentException("pilotNorms must not all be 0 (found " + pilotNorms.length
                    + " groups, all 0)");
        }
        double[] a = new double[pilotNorms.length];
        double largest = 0;
        for (int g = 0; g < a.length; g++) {
            a[g] = pilotNorms[g] > 0 ? Math.pow(mean / pilotNorms[g], gamma) : Double.NaN;
            if (a[g] > largest) {
                largest = a[g];
            }
        }
        for (int g = 0; g < a.length; g++) {
            if (Double.isNaN(a[g])) {
                a[g] = largest * 1e3;
            }
        }
        return a;
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
     * @return a copy of the configured weight shape
     */
    public long[] weightShape() {
        return weightShape.clone();
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

    @Override
    public void bindMetric(UpdaterMetric m) {
        this.metric = m;
    }

    /**
     * Returns the number of groups.
     *
     * @return rows, columns or filters of the weight
     */
    public long groupCount() {
        return groups == Groups.INPUT_FEATURES ? weightShape[0] : groups == Groups.OUTPUT_NEURONS ? weightShape[1]
                : weightShape[0];
    }

    /**
     * Returns the number of weights in one group.
     *
     * @return the group size
     */
    public long groupSize() {
        return length() / groupCount();
    }

    /**
     * Returns the group weight.
     *
     * @return {@code c_g}, the same for every group since all groups have the same size
     */
    public double groupWeight() {
        return weighting == Weighting.ONE ? 1.0 : Math.sqrt(groupSize());
    }

    /**
     * The factors a_g as a column vector in {@code like}'s data type, or null when all factors are 1; built once
     * (apply runs every training step), again only if the parameter's data type changes.
     */
    @SuppressWarnings("try") // the workspace scope is entered for its effect only
    private INDArray factorColumn(INDArray like) {
        if (groupFactors == null) {
            return null;
        }
        if (factorColumn == null || factorColumn.dataType() != like.dataType()) {
            // DL4J may call apply inside a workspace; the cached array must outlive it
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                factorColumn = Nd4j.createFromArray(groupFactors).castTo(like.dataType())
                        .reshape(groupFactors.length, 1);
            }
        }
        return factorColumn;
    }

    private long length() {
        long n = 1;
        for (long d : weightShape) {
            n *= d;
        }
        return n;
    }

    /**
     * Views a parameter (DL4J's flattened view or the shaped array) as a matrix with one group a row. For a
     * flattened parameter the result is a view, so writes reach the original.
     *
     * @param p the weight parameter or its gradient/update
     * @return {@code [groupCount, groupSize]}
     */
    INDArray groupRows(INDArray p) {
        if (p.length() != length()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "group lasso was configured for a weight of shape %s (%d values) but the layer's weight has %d "
                            + "values (shape %s): build it with the layer's own %s", Arrays.toString(weightShape),
                    length(), p.length(), Arrays.toString(p.shape()),
                    groups == Groups.FILTERS ? "nOut, nIn, kH, kW" : "nIn and nOut"));
        }
        boolean flat = p.rank() == 1 || (p.rank() == 2 && p.rows() == 1 && weightShape[0] != 1);
        switch (groups) {
            case INPUT_FEATURES:
                return flat ? p.reshape('f', weightShape[0], weightShape[1]) : p;
            case OUTPUT_NEURONS:
                return (flat ? p.reshape('f', weightShape[0], weightShape[1]) : p).transpose();
            case FILTERS:
                return p.reshape('c', weightShape[0], length() / weightShape[0]);
            default:
                throw new IllegalStateException("unknown groups " + groups);
        }
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
            INDArray coefficient = inverseNorms(w).muli(l);
            g.addi(w.mulColumnVector(a == null ? coefficient : coefficient.muli(a)));
            return;
        }
        INDArray v = w.sub(g);
        INDArray s = UpdaterMetric.stepSizes(adaptive, metric, param, lr, iteration, this);
        if (s != null) {
            double[] tau = new double[(int) groupCount()];
            for (int i = 0; i < tau.length; i++) {
                tau[i] = groupFactors == null ? l : l * groupFactors[i];
            }
            v.assign(preconditionedProx(v, groupRows(s), tau));
            Nd4j.exec(new SubOp(w, v, g));
            return;
        }
        // factor_g = max(0, 1 − lr·λc·a_g/‖v_g‖); a zero group gets a huge negative value, so factor 0
        INDArray threshold = inverseNorms(v).muli(-lr * l);
        INDArray factor = (a == null ? threshold : threshold.muli(a)).addi(1);
        Transforms.max(factor, 0.0, false);
        v.muliColumnVector(factor);
        Nd4j.exec(new SubOp(w, v, g));
    }

    /**
     * The block soft-thresholding of each row of {@code v} in the diagonal metric {@code 1/s}: per group,
     * {@code argmin_w Σ_i (w_i − v_i)²/(2·s_i) + τ·‖w‖}. The group is 0 when {@code ‖(v_i/s_i)_i‖ ≤ τ}; otherwise
     * {@code w_i = v_i·r/(r + s_i·τ)} with {@code r = ‖w‖} the root on {@code (0, ‖v‖)} of
     * {@code Σ_i (v_i/(r + s_i·τ))² = 1}. The root is found by Newton's method on the nearly linear
     * {@code 1/‖q(r)‖ − 1} (exactly linear when the {@code s_i} are equal), safeguarded by bisection inside the
     * bracket, so it converges in a few iterations where bisection alone took about 50. With equal {@code s_i = lr}
     * the result is {@code v·max(0, 1 − lr·τ/‖v‖)}, the plain proximal step.
     *
     * @param v the point, one group per row
     * @param s the step sizes, shaped like v
     * @param tauPerGroup each group's penalty weight {@code λ·c_g·a_g}, one per row of v
     * @return the proximal point, shaped like v
     */
    static INDArray preconditionedProx(INDArray v, INDArray s, double[] tauPerGroup) {
        double[][] vv = v.toDoubleMatrix();
        double[][] ss = s.toDoubleMatrix();
        double[][] out = new double[vv.length][];
        for (int gi = 0; gi < vv.length; gi++) {
            out[gi] = groupProx(vv[gi], ss[gi], tauPerGroup[gi]);
        }
        return org.nd4j.linalg.factory.Nd4j.create(out).castTo(v.dataType());
    }

    /** {@link #preconditionedProx} of one group. */
    static double[] groupProx(double[] x, double[] st, double tau) {
        double scaled = 0;
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            scaled += (x[i] / st[i]) * (x[i] / st[i]);
            norm += x[i] * x[i];
        }
        double[] out = new double[x.length];
        if (Math.sqrt(scaled) <= tau) {
            return out; // the whole group is exactly 0
        }
        double r = rootOfNormEquation(x, st, tau, Math.sqrt(norm));
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * r / (r + st[i] * tau);
        }
        return out;
    }

    /**
     * The root r in {@code (0, hi)} of {@code g(r) = 1/‖q(r)‖ − 1}, {@code q_i = x_i/(r + s_i·τ)}; g rises from
     * below 0 at r = 0 to above 0 at {@code hi = ‖x‖}, with {@code g'(r) = Σ q_i²/(r + s_i·τ) / ‖q‖³}.
     */
    private static double rootOfNormEquation(double[] x, double[] st, double tau, double hi) {
        double lo = 0;
        double r = 0;
        for (int it = 0; it < 100; it++) {
            double q2 = 0;
            double q3 = 0;
            for (int i = 0; i < x.length; i++) {
                double d = r + st[i] * tau;
                double q = x[i] / d;
                q2 += q * q;
                q3 += q * q / d;
            }
            double h = Math.sqrt(q2);
            double g = 1 / h - 1;
            if (g < 0) {
                lo = r;
            } else {
                hi = r;
            }
            double next = r - g / (q3 / (h * q2));
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi); // Newton left the bracket: bisect
            }
            if (Math.abs(next - r) <= 1e-15 * Math.max(1, next)) {
                return next;
            }
            r = next;
        }
        return r;
    }

    /**
     * Floor for group norms before inverting: 1/TINY must stay finite in float (1e30 &lt; 3.4e38), so that a zero
     * group's 0 · (1/TINY) is 0, not NaN.
     */
    private static final double TINY = 1e-30;

    /** 1/max(‖row‖, TINY) as a column vector (a zero row gets a large finite value). */
    private static INDArray inverseNorms(INDArray rows) {
        INDArray norms = rows.norm2(1).reshape(rows.rows(), 1);
        return Transforms.max(norms, TINY, false).rdivi(1.0);
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
