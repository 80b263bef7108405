package io.github.reglab.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.github.reglab.core.layers.FlatToCnnPreProcessor;
import io.github.reglab.core.layers.FusedBatchNormalization;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One training step of a {@link MultiLayerNetwork}, compiled: forward pass, loss, backward pass, regularization and
 * update of a minibatch with preallocated arrays outside DL4J's workspaces and ND4J operations that write into
 * given outputs. It computes what {@code net.fit(minibatch)} computes, with about as many native operations (the
 * fraud MLP: 50 against DL4J's 50; the bench CNN: 95 against 104) but none of DL4J's per-layer Java work around
 * them, a third of its step time on the MLP:
 * <ul>
 *   <li>the forward pass keeps what the backward pass needs (DL4J's layers compute their pre-activation twice);</li>
 *   <li>no defensive copies (DL4J's activation, dropout and loss layers copy their input or gradient);</li>
 *   <li>the loss is computed once, softmax cross-entropy fused ({@code p − y}, DL4J's exact gradient);</li>
 *   <li>the regularization penalty is not computed at every step (DL4J adds it to every minibatch's score);
 *       {@link #fit} returns the data loss;</li>
 *   <li>convolutions run libnd4j's {@code conv2d} in the layer's own layout, batch-norm backward is composed
 *       ({@link BatchNormBackward}).</li>
 * </ul>
 * Everything else is the network's own: its parameter and gradient views, its DL4J updater (so the updater state,
 * checkpoints, regularizers applied before or after the updater, gradient normalization, learning-rate schedules
 * and weight constraints behave exactly as under {@code fit}), its iteration counter, and ND4J's random generator
 * for dropout, whose masks are drawn by the same operations in the same order as DL4J's.
 *
 * <p>Covered: {@code DenseLayer} (no layer norm), {@code OutputLayer} (any loss; softmax cross-entropy fused),
 * {@code ActivationLayer}, {@code DropoutLayer}, {@link FusedBatchNormalization} (dense and 4-D), 2-D
 * {@code ConvolutionLayer} (not causal), {@code SubsamplingLayer} (max and average pooling), input dropout of any
 * kind, and the preprocessors that only reshape ({@link FlatToCnnPreProcessor}, DL4J's CNN/feed-forward ones).
 * {@link #unsupported} names what is not (weight noise, other layer types, truncated backpropagation through
 * time); train such networks with DL4J's {@code fit}. Listeners attached to the network receive
 * {@code iterationDone} only; the training {@code Trainer} uses DL4J's path when any are attached.
 *
 * <pre>{@code
 * CompiledStep step = CompiledStep.of(net);
 * for (DataSet batch : minibatches) {
 *     double loss = step.fit(batch);   // mean data loss of the minibatch, without the penalty
 * }
 * }</pre>
 *
 * <p>Not thread-safe; one step object per network. The arrays are sized by the largest minibatch seen.
 */
public final class CompiledStep implements AutoCloseable {

    private final MultiLayerNetwork net;
    private final BatchNormBackward batchNorm;
    private final DataType type;
    private List<Node> nodes;
    private OutputNode output;
    private int firstWithParameters;
    private long[] inputShape;
    private Gradient gradient;
    private final StepContext ctx = new StepContext();
    private Slab input;
    private Slab labelBuffer;
    private final Map<Long, Slab> masks = new java.util.HashMap<>(2);
    /** Every buffer the nodes were built with, freed together by {@link #close}. */
    private List<Slab> slabs = List.of();
    private int capacity;
    private UpdateStep updateStep;

    private CompiledStep(MultiLayerNetwork net, BatchNormBackward batchNorm) {
        this.net = net;
        this.batchNorm = batchNorm;
        this.type = net.getLayerWiseConfigurations().getDataType();
    }

    /** Rows per inference chunk when the step has not trained yet (and so has no minibatch size). */
    static final int DEFAULT_INFERENCE_ROWS = 256;

    /**
     * Compiles the step of a network, with batch-norm backward {@link BatchNormBackward#COMPOSED}.
     *
     * @param net an initialized network
     * @return the step
     * @throws IllegalArgumentException naming the layer or setting the step does not cover ({@link #unsupported})
     */
    public static CompiledStep of(MultiLayerNetwork net) {
        return of(net, BatchNormBackward.COMPOSED);
    }

    /**
     * Compiles the step of a network.
     *
     * @param net an initialized network
     * @param batchNorm how batch normalization's backward pass is computed
     * @return the step; its arrays are allocated at the first minibatch, when the input shape is known
     * @throws IllegalArgumentException naming the layer or setting the step does not cover ({@link #unsupported})
     */
    public static CompiledStep of(MultiLayerNetwork net, BatchNormBackward batchNorm) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(batchNorm, "batchNorm");
        Optional<String> why = unsupported(net);
        if (why.isPresent()) {
            throw new IllegalArgumentException("the compiled step does not cover this network: " + why.get());
        }
        return new CompiledStep(net, batchNorm);
    }

    /**
     * Says why a network cannot be compiled.
     *
     * @param net a network
     * @return the reason, naming the layer (e.g. {@code layer 2 (LSTM) is not covered}), or empty when it can
     */
    public static Optional<String> unsupported(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (conf.getBackpropType() != BackpropType.Standard) {
            return Optional.of("backpropagation type " + conf.getBackpropType() + " (only Standard)");
        }
        int count = conf.getConfs().size();
        if (count == 0) {
            return Optional.of("the network has no layers");
        }
        for (int i = 0; i < count; i++) {
            org.deeplearning4j.nn.conf.layers.Layer l = conf.getConf(i).getLayer();
            String where = "layer " + i + " (" + l.getClass().getSimpleName() + ")";
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null && !(pre instanceof FlatToCnnPreProcessor || pre.getClass() == CnnToFeedForwardPreProcessor.class
                    || pre.getClass() == FeedForwardToCnnPreProcessor.class)) {
                return Optional.of("the input preprocessor of " + where + " (" + pre.getClass().getSimpleName()
                        + ") is not covered");
            }
            if (l instanceof BaseLayer bl && bl.getWeightNoise() != null) {
                return Optional.of(where + " has weight noise (" + bl.getWeightNoise() + "), which is not covered");
            }
            boolean last = i == count - 1;
            if (last != (l.getClass() == OutputLayer.class)) {
                return Optional.of(last ? where + " is not an OutputLayer (the last layer must be one)"
                        : where + " is an OutputLayer before the last layer");
            }
            Optional<String> layerIssue = layerIssue(l, where);
            if (layerIssue.isPresent()) {
                return layerIssue;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> layerIssue(org.deeplearning4j.nn.conf.layers.Layer l, String where) {
        Class<?> c = l.getClass();
        if (c == DenseLayer.class) {
            return ((DenseLayer) l).hasLayerNorm() ? Optional.of(where + " uses layer normalization, which is not "
                    + "covered") : Optional.empty();
        }
        if (c == OutputLayer.class || c == ActivationLayer.class || c == DropoutLayer.class
                || l instanceof FusedBatchNormalization) {
            return Optional.empty();
        }
        if (c == ConvolutionLayer.class) {
            return ((ConvolutionLayer) l).getConvolutionMode() == ConvolutionMode.Causal
                    ? Optional.of(where + " uses causal convolution mode, which is not covered") : Optional.empty();
        }
        if (c == SubsamplingLayer.class) {
            PoolingType t = ((SubsamplingLayer) l).getPoolingType();
            return t == PoolingType.MAX || t == PoolingType.AVG ? Optional.empty()
                    : Optional.of(where + " uses " + t + " pooling (only MAX and AVG are covered)");
        }
        return Optional.of(where + " is not covered");
    }

    /**
     * Returns the network.
     *
     * @return the network this step trains
     */
    public MultiLayerNetwork network() {
        return net;
    }

    /**
     * Trains on one minibatch: what {@code net.fit(batch)} does, but returning the data loss.
     *
     * @param batch features and labels (and optionally a label mask; feature masks are not covered)
     * @return the minibatch's mean data loss (summed loss / examples), without the regularization penalty
     * @throws IllegalArgumentException when the minibatch has a feature mask, or its shape does not match the
     *     first minibatch's
     */
    public double fit(DataSet batch) {
        if (batch.getFeaturesMaskArray() != null) {
            throw new IllegalArgumentException("the compiled step does not take feature masks (recurrent input); "
                    + "train this data with DL4J's fit");
        }
        return fit(batch.getFeatures(), batch.getLabels(), batch.getLabelsMaskArray());
    }

    /**
     * Trains on one minibatch.
     *
     * @param features {@code [n, ...]}, in the shape the network takes
     * @param labels {@code [n, outputs]}
     * @param labelMask a per-example mask {@code [n, 1]} or per-output mask {@code [n, outputs]}, or null
     * @return the minibatch's mean data loss (summed loss / examples), without the regularization penalty
     */
    public double fit(INDArray features, INDArray labels, INDArray labelMask) {
        double loss = gradient(features, labels, labelMask);
        update(ctx.n);
        return loss / ctx.n;
    }

    /**
     * Computes the network's output in inference mode, what {@code net.output(features, false)} gives (no dropout,
     * batch normalization with the running statistics), on the step's own buffers: in chunks of at most the largest
     * training minibatch so far (256 before the first), so that inference adds no memory beyond the new result,
     * where DL4J's {@code output} sizes its workspaces for the whole call.
     *
     * @param features {@code [n, ...]}, in the shape the network takes; any number of rows
     * @return the output layer's activations {@code [n, outputs]}, a new array
     * @throws IllegalArgumentException when the examples' shape differs from the training minibatches'
     */
    public INDArray output(INDArray features) {
        int total = (int) features.size(0);
        if (total < 1) {
            throw new IllegalArgumentException("features have no rows");
        }
        checkExampleShape(features);
        if (nodes == null) {
            build(features, Math.min(total, DEFAULT_INFERENCE_ROWS));
        }
        INDArray result = null;
        ctx.training = false;
        try {
            for (int from = 0; from < total; from += capacity) {
                int n = Math.min(capacity, total - from);
                ctx.n = n;
                INDArray x = input.view(n);
                x.assign(total == n ? features : rows(features, from, n));
                INDArray a = x;
                for (Node node : nodes) {
                    a = node.infer(a, ctx);
                }
                if (result == null) {
                    if (total == n) {
                        return a;
                    }
                    result = Nd4j.createUninitialized(a.dataType(), total, a.size(1));
                }
                rows(result, from, n).assign(a);
            }
        } finally {
            ctx.training = true;
        }
        return result;
    }

    /**
     * Recomputes the running statistics of the network's batch-normalization layers from data, as PyTorch's
     * {@code torch.optim.swa_utils.update_bn} does (and {@code io.github.reglab.core.train.BatchNormStatistics} on
     * DL4J's path): the training forward pass over each minibatch up to the last batch-normalization layer, and each
     * layer's running mean and variance set to the equal-weight average over the minibatches of the biased minibatch
     * mean and variance it normalized by. Dropout before a batch-normalization layer draws masks as in training. The
     * weights, gradients and updater state are not touched.
     *
     * @param data the minibatches (reset first), usually the training data as trained on
     * @param maxBatches minibatches to use, 0 for all
     * @throws IllegalArgumentException when there is no minibatch, {@code maxBatches} is negative, or a minibatch's
     *     examples differ in shape from the training minibatches'
     */
    public void recomputeBatchNormStatistics(DataSetIterator data, int maxBatches) {
        if (maxBatches < 0) {
            throw new IllegalArgumentException("maxBatches must be >= 0 (0: all), found " + maxBatches);
        }
        data.reset();
        List<BatchNormNode> bn = null;
        INDArray[] sums = null;
        int lastBn = -1;
        int batches = 0;
        while (data.hasNext() && (maxBatches == 0 || batches < maxBatches)) {
            INDArray features = data.next().getFeatures();
            int n = (int) features.size(0);
            checkExampleShape(features);
            if (nodes == null || n > capacity) {
                build(features, n);
            }
            if (bn == null) {
                bn = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    if (nodes.get(i) instanceof BatchNormNode b) {
                        bn.add(b);
                        lastBn = i;
                    }
                }
                if (bn.isEmpty()) {
                    return;
                }
                sums = new INDArray[bn.size()];
            }
            ctx.n = n;
            INDArray a = input.view(n);
            a.assign(features);
            for (int i = 0, j = 0; i <= lastBn; i++) {
                a = nodes.get(i).forward(a, ctx);
                if (nodes.get(i) instanceof BatchNormNode b) {
                    // castTo returns the array itself when it is already double: the sum is a copy of its own
                    INDArray stats = b.batchStatistics().castTo(DataType.DOUBLE);
                    sums[j] = sums[j] == null ? stats.dup() : sums[j].addi(stats);
                    j++;
                }
            }
            batches++;
        }
        if (batches == 0) {
            throw new IllegalArgumentException("no minibatches to recompute batch-normalization statistics from");
        }
        for (int j = 0; j < bn.size(); j++) {
            bn.get(j).runningStatistics().assign(sums[j].divi(batches));
        }
    }

    /**
     * The native memory this step takes for minibatches of n examples shaped like the rows of {@code features}:
     * every buffer it allocates (the input and label copies, each layer's activations and their gradients, dropout
     * and batch-norm buffers), counted without allocating any, so that a caller can refuse a batch or image size
     * before training runs out of memory. An upper bound by a few percent at most: a few buffers counted are not
     * allocated on every path (the first layer's input gradient, which the step never computes). libnd4j's
     * operations use scratch memory on top of it while they run (a convolution's im2col buffer, where oneDNN does not
     * run it). The step is left built for that size.
     *
     * @param features one or more examples in the shape the network takes (their values are not used)
     * @param n the largest minibatch size, &ge; 1
     * @return the bytes
     * @throws IllegalArgumentException when n is below 1 or the examples' shape differs from earlier minibatches'
     */
    public long bufferBytes(INDArray features, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("minibatch size must be at least 1, found " + n);
        }
        checkExampleShape(features);
        if (nodes == null || n > capacity) {
            build(features, n);
        }
        long bytes = 0;
        for (Slab slab : slabs) {
            bytes += slab.bytes(n);
        }
        return bytes;
    }

    /** @return the bytes the step's buffers hold now (for the test of {@link #bufferBytes}) */
    long allocatedBytes() {
        long bytes = 0;
        for (Slab slab : slabs) {
            bytes += slab.allocatedBytes();
        }
        for (Slab slab : masks.values()) {
            bytes += slab.allocatedBytes();
        }
        return bytes;
    }

    /** Rows {@code [from, from + n)} of a 2-D or 4-D array, a view. */
    private static INDArray rows(INDArray a, int from, int n) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(from, from + n);
        for (int i = 1; i < idx.length; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return a.get(idx);
    }

    /**
     * Runs the forward and backward passes only: the network's gradient views then hold what DL4J's
     * {@code computeGradientAndScore} leaves there (summed over the minibatch; the updater divides).
     *
     * @param features the minibatch's features
     * @param labels its labels
     * @param labelMask its label mask, or null
     * @return the data loss summed over the minibatch
     */
    double gradient(INDArray features, INDArray labels, INDArray labelMask) {
        int n = (int) features.size(0);
        if (n < 1 || labels.size(0) != n) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "features have %d rows and labels %d; "
                    + "both must have the same number, at least 1", features.size(0), labels.size(0)));
        }
        checkExampleShape(features);
        if (nodes == null || n > capacity) {
            // the first minibatch, or a larger one than any before: every array is allocated (again) for it
            build(features, n);
        }
        ctx.n = n;
        ctx.iteration = net.getIterationCount();
        ctx.epoch = net.getEpochCount();
        // copied into arrays of the step's own, so that every bound operation finds its arrays where it left them
        INDArray x = input.view(n);
        x.assign(features);
        ctx.labels = labelBuffer.view(n);
        ctx.labels.assign(labels);
        ctx.labelMask = labelMask == null ? null : mask(labelMask, n);
        INDArray a = x;
        for (Node node : nodes) {
            a = node.forward(a, ctx);
        }
        INDArray eps = null;
        for (int i = nodes.size() - 1; i >= firstWithParameters; i--) {
            eps = nodes.get(i).backward(eps, i > firstWithParameters, ctx);
        }
        return output.score();
    }

    /** The label mask in an array of the step's own, per mask shape. */
    private INDArray mask(INDArray labelMask, int n) {
        long perExample = labelMask.length() / n;
        Slab slab = masks.computeIfAbsent(perExample, k -> new Slab(type, k));
        INDArray m = slab.view(n);
        m.assign(labelMask.reshape(m.shape()));
        return m;
    }

    /** The updater (DL4J's, on the network's flat views), the step, the counters, constraints and listeners. */
    private void update(int n) {
        int iteration = ctx.iteration;
        int epoch = ctx.epoch;
        if (updateStep == null) {
            updateStep = new UpdateStep(net, gradient);
        }
        updateStep.apply(n, iteration, epoch);
        for (TrainingListener l : net.getListeners()) {
            l.iterationDone(net, iteration, epoch);
        }
        net.getLayerWiseConfigurations().setIterationCount(iteration + 1);
        net.applyConstraints(iteration + 1, epoch);
    }

    /** Refuses features whose examples are not shaped like those the step was built for. */
    private void checkExampleShape(INDArray features) {
        if (nodes != null && !sameExampleShape(features.shape(), inputShape)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "features have shape %s; the step was "
                    + "compiled for examples of shape %s", java.util.Arrays.toString(features.shape()),
                    java.util.Arrays.toString(inputShape)));
        }
    }

    private static boolean sameExampleShape(long[] a, long[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 1; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Builds the nodes once the input shape is known (each layer's shapes come from one inference pass), for
     * minibatches of up to n examples.
     */
    private void build(INDArray x, int n) {
        release();
        List<Slab> made = new ArrayList<>();
        Slab.collectInto(made);
        try {
            buildNodes(x, n);
        } finally {
            Slab.collectInto(null);
        }
        this.slabs = made;
    }

    /** Closes the bound operations and frees every buffer now; the next fit or output builds them again. */
    private void release() {
        if (nodes != null) {
            nodes.forEach(Node::close);
        }
        slabs.forEach(Slab::free);
        masks.values().forEach(Slab::free);
        masks.clear();
        slabs = List.of();
        nodes = null;
        capacity = 0;
    }

    /**
     * Frees the step's buffers and bound operations at once, instead of whenever the garbage collector finds them
     * (their native memory does not count towards the Java heap, so a large heap may keep them for long). The
     * network is untouched; a later {@link #fit} or {@link #output} builds the step again.
     */
    @Override
    public void close() {
        release();
    }

    private void buildNodes(INDArray x, int n) {
        if (net.getGradientsViewArray() == null) {
            net.initGradientsView();
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<long[]> shapes = shapes(net, x);
        List<Node> built = new ArrayList<>();
        DefaultGradient g = new DefaultGradient(net.getGradientsViewArray());
        int first = -1;
        for (int i = 0; i < net.getnLayers(); i++) {
            long[] in = shapes.get(2 * i);
            if (conf.getInputPreProcess(i) != null) {
                built.add(new ReshapeNode("preprocessor of layer " + i, in));
            }
            Layer layer = net.getLayer(i);
            Node node = node(i, layer, in, shapes.get(2 * i + 1), g);
            if (first < 0 && node.hasParameters()) {
                first = built.size();
            }
            built.add(node);
        }
        if (first < 0) {
            throw new IllegalArgumentException("the network has no trainable layer");
        }
        this.nodes = List.copyOf(built);
        this.output = (OutputNode) built.get(built.size() - 1);
        this.firstWithParameters = first;
        this.gradient = g;
        this.inputShape = x.shape().clone();
        this.input = new Slab(type, perExample(x));
        this.labelBuffer = new Slab(type, output.w.size(1));
        this.capacity = n;
    }

    /**
     * The per-example shapes of each layer's input (after its preprocessor) and output, at {@code 2i} and
     * {@code 2i + 1}: from DL4J's type inference for a network with flat input (no array is computed, so a network on
     * large images is sized without running it), else from one example run through the network.
     */
    private List<long[]> shapes(MultiLayerNetwork net, INDArray x) {
        Optional<List<long[]>> inferred = inferredShapes(net.getLayerWiseConfigurations(), x.shape());
        if (inferred.isPresent()) {
            return inferred.get();
        }
        long[] one = x.shape().clone();
        one[0] = 1;
        List<INDArray> acts = net.feedForward(Nd4j.zeros(type, one), false);
        net.clearLayersStates();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<long[]> shapes = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            INDArray in = acts.get(i);
            InputPreProcessor pre = conf.getInputPreProcess(i);
            shapes.add(perExample(pre == null ? in : pre.preProcess(in, 1, LayerWorkspaceMgr.noWorkspaces())));
            shapes.add(perExample(acts.get(i + 1)));
        }
        return shapes;
    }

    /**
     * The shapes of {@link #shapes} from DL4J's type inference alone, for input of shape {@code [n, features]}.
     *
     * @return the shapes, or empty when the input is not flat or a layer's type inference fails (the caller then
     *     runs an example through the network, which names the problem if there is one)
     */
    static Optional<List<long[]>> inferredShapes(MultiLayerConfiguration conf, long[] inputShape) {
        if (inputShape.length != 2) {
            return Optional.empty();
        }
        List<long[]> shapes = new ArrayList<>();
        InputType t = InputType.feedForward(inputShape[1]);
        try {
            for (int i = 0; i < conf.getConfs().size(); i++) {
                InputPreProcessor pre = conf.getInputPreProcess(i);
                if (pre != null) {
                    t = pre.getOutputType(t);
                }
                shapes.add(t.getShape(false));
                t = conf.getConf(i).getLayer().getOutputType(i, t);
                shapes.add(t.getShape(false));
            }
        } catch (IllegalStateException | UnsupportedOperationException
                | org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException e) {
            return Optional.empty();
        }
        return Optional.of(shapes);
    }

    private static long[] perExample(INDArray a) {
        long[] s = a.shape();
        return java.util.Arrays.copyOfRange(s, 1, s.length);
    }

    private Node node(int i, Layer layer, long[] in, long[] out, DefaultGradient g) {
        org.deeplearning4j.nn.conf.layers.Layer c = layer.conf().getLayer();
        String name = "layer " + i + " (" + c.getClass().getSimpleName() + ")";
        Map<String, INDArray> grads = layer.numParams() == 0 ? Map.of()
                : c.initializer().getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
        grads.forEach((k, v) -> g.setGradientFor(i + "_" + k, v));
        if (c.getClass() == DenseLayer.class || c.getClass() == OutputLayer.class) {
            BaseLayer bl = (BaseLayer) c;
            INDArray w = layer.getParam("W");
            INDArray b = layer.getParam("b");
            if (c instanceof OutputLayer ol) {
                return new OutputNode(name, w, b, grads.get("W"), grads.get("b"),
                        LossKernel.of(ol.getLossFn(), ol.getActivationFn(), type, w.size(1)), ol.getActivationFn(),
                        bl.getIDropout(), type);
            }
            return new DenseNode(name, w, b, grads.get("W"), grads.get("b"), new ActivationOp(bl.getActivationFn()),
                    bl.getIDropout(), type);
        }
        if (c instanceof ActivationLayer al) {
            return new ActivationNode(name, new ActivationOp(al.getActivationFn()), type, in);
        }
        if (c instanceof DropoutLayer dl) {
            return new DropoutNode(name, dl.getIDropout(), type, in);
        }
        if (c instanceof FusedBatchNormalization bn) {
            return new BatchNormNode(name, layer.params(), layer.getGradientsViewArray(), bn.getDecay(), bn.getEps(),
                    bn.getCnn2DFormat(), in, batchNorm, type);
        }
        if (c instanceof ConvolutionLayer cl) {
            return new ConvolutionNode(name, layer.getParam("W"), cl.hasBias() ? layer.getParam("b") : null,
                    grads.get("W"), cl.hasBias() ? grads.get("b") : null, new ActivationOp(cl.getActivationFn()),
                    cl.getIDropout(), cl.getKernelSize(), cl.getStride(), cl.getPadding(), cl.getDilation(),
                    cl.getConvolutionMode() == ConvolutionMode.Same, cl.getCnn2dDataFormat(), in, out, type);
        }
        if (c instanceof SubsamplingLayer sl) {
            boolean same = sl.getConvolutionMode() == ConvolutionMode.Same;
            boolean nhwc = sl.getCnn2dDataFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC;
            int[] inHw = nhwc ? new int[] {(int) in[0], (int) in[1]} : new int[] {(int) in[1], (int) in[2]};
            int[] outHw = nhwc ? new int[] {(int) out[0], (int) out[1]} : new int[] {(int) out[1], (int) out[2]};
            int[] backPad = same ? ConvolutionUtils.getSameModeTopLeftPadding(outHw, inHw, sl.getKernelSize(),
                    sl.getStride(), sl.getDilation()) : sl.getPadding();
            return new PoolingNode(name, sl.getPoolingType(), sl.isAvgPoolIncludePadInDivisor(), sl.getKernelSize(),
                    sl.getStride(), sl.getPadding(), backPad, sl.getDilation(), same, sl.getCnn2dDataFormat(), in, out,
                    type);
        }
        throw new IllegalStateException(name + " is not covered"); // unsupported() lets no other layer through
    }
}
