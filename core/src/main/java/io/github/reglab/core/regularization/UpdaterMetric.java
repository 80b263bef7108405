package io.github.reglab.core.regularization;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataBuffer;
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
 * <p>DL4J hands a post-updater regularizer only the parameter and the update. The parameter is a view of its
 * network's flat parameter array, so the regularizer finds the network that owns that array and, through the
 * network's updater <em>as it is at that step</em>, the slice of Adam's second moment for its own parameter. The
 * regularizers hold no state for this (they stay values: one instance may serve several layers or several networks
 * built from one configuration, each step follows its own parameter's state). What connects a parameter array to
 * its network is {@link #bind(MultiLayerNetwork)} (or {@link #bind(ComputationGraph)}): it registers the network,
 * weakly, in a process-wide table. {@code Trainer} does this before training; with DL4J's own {@code fit}, its
 * early-stopping trainers or a graph, call it once after {@code init()}. A replaced updater (a restored checkpoint)
 * needs no new call, a new parameter array (a clone, {@code init()} again) does. Under an updater other than Adam
 * the step size is the plain learning rate and the step is exactly {@link Step#PROXIMAL}'s. An adaptive step on a
 * parameter whose network was never bound fails, naming this method, rather than silently taking the plain step.
 */
public final class UpdaterMetric {

    private static final Logger LOG = LoggerFactory.getLogger(UpdaterMetric.class);

    /** The bound networks and graphs, weakly: a network nobody holds any more leaves the table. */
    private static final List<WeakReference<Model>> BOUND = new ArrayList<>();

    private UpdaterMetric() {
    }

    /** A regularizer that can threshold in an updater's metric. */
    interface Preconditioned {
        /**
         * Whether it asks for the metric.
         *
         * @return true for {@link Step#PROXIMAL_ADAPTIVE}
         */
        boolean adaptive();
    }

    /**
     * Returns a regularizer's step sizes shaped like its parameter.
     *
     * @param adaptive whether its step follows the updater's metric
     * @param param the parameter, as DL4J passes it (a view of its network's flat parameter array)
     * @param lr the learning rate DL4J passes
     * @param iteration the iteration DL4J passes
     * @param who the regularizer, for the message
     * @return {@code s_i} shaped like param, or null for the plain learning rate (not adaptive, or not Adam)
     * @throws IllegalStateException when the parameter belongs to no bound network
     */
    static INDArray stepSizes(boolean adaptive, INDArray param, double lr, int iteration, Object who) {
        if (!adaptive) {
            return null;
        }
        DataBuffer root = root(param.data());
        Model owner = owner(root);
        if (owner == null) {
            throw new IllegalStateException(who + " takes the adaptive proximal step (Step.PROXIMAL_ADAPTIVE), which "
                    + "follows Adam's state, but its network was never connected to it: call "
                    + "UpdaterMetric.bind(network) after init() and before fit (reglab's Trainer does), or build it "
                    + "with Step.PROXIMAL");
        }
        // both offsets count from the start of the shared buffer
        long at = param.offset() - owner.params().offset();
        for (UpdaterBlock block : blocks(owner)) {
            if (at >= block.getParamOffsetStart() && at < block.getParamOffsetEnd()) {
                if (!(block.getGradientUpdater() instanceof AdamUpdater adam)) {
                    return null;
                }
                long from = at - block.getParamOffsetStart();
                return stepSizes(adam, from, param.length(), lr, iteration).reshape(param.ordering(), param.shape());
            }
        }
        throw new IllegalStateException(who + ": no updater block of its network holds the parameter at offset " + at
                + " (" + param.length() + " values)");
    }

    /** {@code s_i} for {@code length} elements from {@code offset} of Adam's state, a new flat array. */
    private static INDArray stepSizes(AdamUpdater adam, long offset, long length, double lr, int iteration) {
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
     * Connects the {@link Step#PROXIMAL_ADAPTIVE} regularizers of a network to Adam's state: registers the network
     * so that each finds its own parameter's slice at every step. Call it after {@code init()}; calling it again is
     * harmless.
     *
     * @param net the network
     * @return how many (parameter, adaptive regularizer) pairs follow Adam's metric
     */
    public static int bind(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        register(net);
        return count(net);
    }

    /**
     * Connects the {@link Step#PROXIMAL_ADAPTIVE} regularizers of a graph to Adam's state, as
     * {@link #bind(MultiLayerNetwork)} does for a network. Call it after {@code init()}.
     *
     * @param graph the graph
     * @return how many (parameter, adaptive regularizer) pairs follow Adam's metric
     */
    public static int bind(ComputationGraph graph) {
        Objects.requireNonNull(graph, "graph");
        register(graph);
        return count(graph);
    }

    private static synchronized void register(Model model) {
        BOUND.removeIf(r -> r.get() == null);
        for (WeakReference<Model> r : BOUND) {
            if (r.get() == model) {
                return;
            }
        }
        BOUND.add(new WeakReference<>(model));
    }

    /** The bound model whose flat parameter array is {@code root}, or null. */
    private static synchronized Model owner(DataBuffer root) {
        for (WeakReference<Model> r : BOUND) {
            Model m = r.get();
            if (m != null && m.params() != null && root(m.params().data()) == root) {
                return m;
            }
        }
        return null;
    }

    private static DataBuffer root(DataBuffer b) {
        DataBuffer original = b.originalDataBuffer();
        return original == null ? b : original;
    }

    private static List<UpdaterBlock> blocks(Model model) {
        Object u = model instanceof MultiLayerNetwork net ? net.getUpdater()
                : model instanceof ComputationGraph graph ? graph.getUpdater() : null;
        return u instanceof BaseMultiLayerUpdater<?> multi ? multi.getUpdaterBlocks() : List.of();
    }

    /** Counts the adaptive pairs that follow Adam and warns, once per parameter, for those under another updater. */
    private static int count(Model model) {
        int bound = 0;
        for (UpdaterBlock block : blocks(model)) {
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
                    if (gu instanceof AdamUpdater) {
                        bound++;
                    } else {
                        LOG.warn("{}/{}: the adaptive proximal step follows Adam's metric; under {} it is the plain "
                                + "proximal step", layer.getConfig().getLayerName(), ps.getParamName(),
                                gu == null ? "no updater" : gu.getConfig());
                    }
                }
            }
        }
        return bound;
    }
}
