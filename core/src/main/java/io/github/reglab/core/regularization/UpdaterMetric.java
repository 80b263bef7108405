package io.github.reglab.core.regularization;

import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diagonal metric of Adam for one parameter: the per-element step size Adam applies this iteration,
 * <pre>
 *   s_i = α_t / (√v_i + ε),   α_t = lr · √(1 − β₂^(t+1)) / (1 − β₁^(t+1))
 * </pre>
 * (DL4J's {@code AdamUpdater}: its update is {@code s_i · m_i}). A {@link Step#PROXIMAL_ADAPTIVE} regularizer
 * thresholds in this metric, {@code λ·s_i} per element instead of {@code λ·lr}, as the adaptive proximal gradient
 * methods do (Yun, Lozano and Yang, "Adaptive Proximal Gradient Methods for Structured Neural Networks", NeurIPS
 * 2021: the preconditioned proximal step of ProxGen).
 *
 * <p>DL4J hands a post-updater regularizer only the parameter and the update, so {@link #bind(MultiLayerNetwork)}
 * (or {@link #bind(ComputationGraph)}) connects each such regularizer to its parameter's slice of Adam's second
 * moment once the network's updater exists. {@code Trainer} does this before training; with DL4J's own
 * {@code fit}, or its early-stopping trainers, call it after {@code init()}. Under an updater other than Adam the
 * step size is the plain learning rate and the step is exactly {@link Step#PROXIMAL}'s. An adaptive regularizer
 * that was never bound fails at its first step, naming this method, rather than silently taking the plain step.
 */
public final class UpdaterMetric {

    private static final Logger LOG = LoggerFactory.getLogger(UpdaterMetric.class);

    private final AdamUpdater adam;
    private final long offset;
    private final long length;

    /** Bound to an updater other than Adam: the plain learning rate. */
    static final UpdaterMetric PLAIN = new UpdaterMetric(null, 0, 0);

    private UpdaterMetric(AdamUpdater adam, long offset, long length) {
        this.adam = adam;
        this.offset = offset;
        this.length = length;
    }

    /** A regularizer that can threshold in an updater's metric. */
    interface Preconditioned {
        /**
         * Whether it asks for the metric.
         *
         * @return true for {@link Step#PROXIMAL_ADAPTIVE}
         */
        boolean adaptive();

        /**
         * Connects it to a metric.
         *
         * @param metric the metric of the parameter it regularizes, or {@link #PLAIN} for the learning rate
         */
        void bindMetric(UpdaterMetric metric);
    }

    /**
     * Returns the per-element step sizes of this iteration.
     *
     * @param lr the learning rate DL4J passes to the regularizer (the updater's, this iteration)
     * @param iteration the iteration DL4J passes to the regularizer (the updater's)
     * @return {@code s_i}, a new flat array of the parameter's length
     */
    INDArray stepSizes(double lr, int iteration) {
        Adam c = adam.getConfig();
        double beta1t = Math.pow(c.getBeta1(), iteration + 1);
        double beta2t = Math.pow(c.getBeta2(), iteration + 1);
        double alphat = lr * Math.sqrt(1 - beta2t) / (1 - beta1t);
        if (Double.isNaN(alphat) || alphat == 0.0) {
            alphat = c.getEpsilon(); // as DL4J's AdamUpdater
        }
        INDArray v = adam.getV();
        INDArray slice = v.reshape(v.length()).get(NDArrayIndex.interval(offset, offset + length));
        return Transforms.sqrt(slice, true).addi(c.getEpsilon()).rdivi(alphat);
    }

    /**
     * Returns a regularizer's step sizes shaped like its parameter.
     *
     * @param adaptive whether its step follows the updater's metric
     * @param metric the metric it is bound to ({@link #PLAIN} under another updater), or null when never bound
     * @param param the parameter
     * @param lr the learning rate DL4J passes
     * @param iteration the iteration DL4J passes
     * @param who the regularizer, for the message
     * @return {@code s_i} shaped like param, or null for the plain learning rate
     * @throws IllegalStateException when an adaptive regularizer was never bound
     */
    static INDArray stepSizes(boolean adaptive, UpdaterMetric metric, INDArray param, double lr, int iteration,
            Object who) {
        if (!adaptive || metric == PLAIN) {
            return null;
        }
        if (metric == null) {
            throw new IllegalStateException(who + " takes the adaptive proximal step (Step.PROXIMAL_ADAPTIVE), which "
                    + "follows Adam's state, but was never connected to it: call UpdaterMetric.bind(network) after "
                    + "init() and before fit (reglab's Trainer does), or build it with Step.PROXIMAL");
        }
        return metric.stepSizes(lr, iteration).reshape(param.ordering(), param.shape());
    }

    /**
     * Connects every {@link Step#PROXIMAL_ADAPTIVE} regularizer of a network to its parameter's slice of Adam's
     * state. Call it after {@code init()} and again after the updater is replaced (a restored checkpoint);
     * {@code Trainer} does both.
     *
     * @param net the network
     * @return how many regularizers were bound to Adam's metric
     * @throws IllegalStateException when one regularizer instance serves two parameters (give each layer its own)
     */
    public static int bind(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        return bind(net.getUpdater());
    }

    /**
     * Connects every {@link Step#PROXIMAL_ADAPTIVE} regularizer of a graph to its parameter's slice of Adam's
     * state, as {@link #bind(MultiLayerNetwork)} does for a network. Call it after {@code init()}.
     *
     * @param graph the graph
     * @return how many regularizers were bound to Adam's metric
     * @throws IllegalStateException when one regularizer instance serves two parameters (give each layer its own)
     */
    public static int bind(ComputationGraph graph) {
        Objects.requireNonNull(graph, "graph");
        return bind(graph.getUpdater());
    }

    private static int bind(Object u) {
        if (!(u instanceof BaseMultiLayerUpdater<?> multi)) {
            return 0;
        }
        int bound = 0;
        java.util.Map<Preconditioned, String> seen = new java.util.IdentityHashMap<>();
        for (UpdaterBlock block : multi.getUpdaterBlocks()) {
            GradientUpdater<?> gu = block.getGradientUpdater();
            for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                Trainable layer = ps.getLayer();
                List<Regularization> regs = layer.getConfig().getRegularizationByParam(ps.getParamName());
                if (regs == null) {
                    continue;
                }
                for (Regularization r : regs) {
                    if (!(r instanceof Preconditioned p) || !p.adaptive()) {
                        continue;
                    }
                    String where = layer.getConfig().getLayerName() + "/" + ps.getParamName();
                    String before = seen.put(p, where);
                    if (before != null && !before.equals(where)) {
                        throw new IllegalStateException("one " + r.getClass().getSimpleName() + " instance "
                                + "regularizes both " + before + " and " + where + "; give each layer its own");
                    }
                    if (gu instanceof AdamUpdater adam) {
                        p.bindMetric(new UpdaterMetric(adam, ps.getParamOffsetStart() - block.getParamOffsetStart(),
                                ps.getParamOffsetEnd() - ps.getParamOffsetStart()));
                        bound++;
                    } else {
                        p.bindMetric(PLAIN);
                        LOG.warn("{}: the adaptive proximal step follows Adam's metric; under {} it is the plain "
                                + "proximal step", where, gu == null ? "no updater" : gu.getConfig());
                    }
                }
            }
        }
        return bound;
    }
}
