package io.github.reglab.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.layers.ChannelDropout;
import io.github.reglab.core.loss.LabelSmoothedCrossEntropy;
import io.github.reglab.core.layers.FlatToCnnPreProcessor;
import io.github.reglab.core.regularization.LayerRegularization;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.train.LearningRateSpec;
import io.github.reglab.core.train.Seeds;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The image classifier as configuration: ((conv 3×3 → [batch norm] → ReLU) × convs → max-pool 2×2) × blocks
 * (a convolution followed by batch norm has no bias: batch norm cancels it),
 * [dropout], dense, [dropout], softmax, in either image layout; L2 on every convolution and dense weight. {@link #toDl4j} is the one place that
 * builds DL4J's configuration. Start from {@link #defaults(int, int, int, int)} and change what differs:
 *
 * <pre>{@code
 * CnnSpec spec = CnnSpec.defaults(1, 28, 28, 10).withBlocks(3).withRegularization(0.25, 1e-4, BatchNorm.FUSED);
 * }</pre>
 *
 * @param input the images and classes: their shape and the layout of every convolution, batch-norm and pooling
 *     layer
 * @param architecture the layers: blocks, convolutions per block, filters, dense units, batch normalization
 * @param penalties dropout and L2
 * @param learningRate Adam's learning rate and its schedule
 */
public record CnnSpec(Input input, Architecture architecture, Penalties penalties, LearningRateSpec learningRate) {

    /**
     * The images and classes.
     *
     * @param channels input channels, &ge; 1
     * @param height input height, &ge; 1
     * @param width input width, &ge; 1
     * @param classes output classes, &ge; 2
     * @param layout the layout of the input rows and of every convolution, batch-norm and pooling layer: NCHW (each
     *     row channel-first, DL4J's default) or NHWC (channel-last, TensorFlow's)
     */
    public record Input(int channels, int height, int width, int classes, CNN2DFormat layout) {
        /** Validates every field. */
        public Input {
            check(channels >= 1 && height >= 1 && width >= 1, "image shape must be positive, found " + channels
                    + "x" + height + "x" + width);
            check(classes >= 2, "a classifier needs at least 2 classes, found " + classes);
            Objects.requireNonNull(layout, "layout");
        }
    }

    /**
     * The layers: ((conv 3×3 → [batch norm] → ReLU) × convs → max-pool 2×2) × blocks, dense, softmax.
     *
     * @param blocks convolution blocks, in [1, 8] (each halves the image)
     * @param convs convolutions per block, in [1, 8] (2 is the VGG pattern)
     * @param filters filters of the first block (doubled each block), in [1, 4096]
     * @param dense units of the dense layer, in [1, 100000]
     * @param batchNorm the batch normalization after each convolution, if any ({@link BatchNorm#FUSED}: this
     *     project's {@link io.github.reglab.core.layers.FusedBatchNormalization}; {@link BatchNorm#DL4J}: DL4J's
     *     own, same function, more native operations per step)
     */
    public record Architecture(int blocks, int convs, int filters, int dense, BatchNorm batchNorm) {
        /** Validates every field. */
        public Architecture {
            check(blocks >= 1 && blocks <= 8, "--blocks must be in [1, 8], found " + blocks);
            check(convs >= 1 && convs <= 8, "--convs must be in [1, 8], found " + convs);
            check(filters >= 1 && filters <= 4096, "--filters must be in [1, 4096], found " + filters);
            check(dense >= 1 && dense <= 100_000, "--dense must be in [1, 100000], found " + dense);
            Objects.requireNonNull(batchNorm, "batchNorm");
        }
    }

    /**
     * Dropout, L2, the max-norm constraint, label smoothing and spatial dropout.
     *
     * @param dropRate dropout drop rate before and after the dense layer, in [0, 1)
     * @param gaussianDropout whether that dropout is Gaussian (DL4J's {@code GaussianDropout}: activations multiplied
     *     by noise from N(1, rate/(1 − rate)), Srivastava et al. 2014) instead of inverted Bernoulli dropout
     * @param l2 L2 strength on every convolution and dense weight (DL4J scale), &ge; 0
     * @param maxNorm the max-norm constraint (Srivastava et al. 2014; Keras {@code MaxNorm}): after every update,
     *     each unit's incoming weight vector (a dense layer's column of {@code W[nIn, nOut]}, a convolution's filter)
     *     is scaled down to L2 norm {@code maxNorm} when longer; 0 for none
     * @param labelSmoothing the label smoothing ε of the softmax cross-entropy (targets {@code (1 − ε)·y + ε/K},
     *     PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)}), in [0, 1); 0 for plain cross-entropy
     * @param spatialDropRate the drop rate of whole feature maps after each block's pooling ({@link ChannelDropout},
     *     PyTorch's {@code Dropout2d}), in [0, 1); 0 for none
     */
    public record Penalties(double dropRate, boolean gaussianDropout, double l2, double maxNorm,
            double labelSmoothing, double spatialDropRate) {
        /** Validates every field. */
        public Penalties {
            check(dropRate >= 0 && dropRate < 1, "--dropout (a drop rate) must be in [0, 1), found " + dropRate);
            check(l2 >= 0 && Double.isFinite(l2), "--l2 must be finite and >= 0, found " + l2);
            check(maxNorm >= 0 && Double.isFinite(maxNorm), "--max-norm must be finite and >= 0 (0: off), found "
                    + maxNorm);
            check(labelSmoothing >= 0 && labelSmoothing < 1, "--label-smoothing must be in [0, 1), found "
                    + labelSmoothing);
            check(spatialDropRate >= 0 && spatialDropRate < 1, "--spatial-dropout (a drop rate) must be in [0, 1), "
                    + "found " + spatialDropRate);
        }

        /**
         * Penalties without label smoothing and spatial dropout.
         *
         * @param dropRate dropout drop rate, in [0, 1)
         * @param gaussianDropout whether the dropout is Gaussian
         * @param l2 L2 strength, &ge; 0
         * @param maxNorm the max-norm constraint, 0 for none
         */
        public Penalties(double dropRate, boolean gaussianDropout, double l2, double maxNorm) {
            this(dropRate, gaussianDropout, l2, maxNorm, 0, 0);
        }
    }

    /** Checks the parts and that the blocks do not pool the image away. */
    public CnnSpec {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(penalties, "penalties");
        Objects.requireNonNull(learningRate, "learningRate");
        int blocks = architecture.blocks();
        check(input.height() >> blocks >= 1 && input.width() >> blocks >= 1, "--blocks " + blocks + " pools a "
                + input.height() + "x" + input.width() + " image below 1 pixel");
    }

    /** Convolution blocks of {@link #defaults(int, int, int, int)}. */
    public static final int DEFAULT_BLOCKS = 2;
    /** Filters of the first block in {@link #defaults(int, int, int, int)}. */
    public static final int DEFAULT_FILTERS = 32;
    /** Dense units of {@link #defaults(int, int, int, int)}. */
    public static final int DEFAULT_DENSE = 128;

    /**
     * Returns the plain network for images of this shape: {@value #DEFAULT_BLOCKS} blocks of one convolution,
     * {@value #DEFAULT_FILTERS} filters, {@value #DEFAULT_DENSE} dense units, no dropout, no L2, no batch
     * normalization, Adam at a constant 1e-3, NCHW.
     *
     * @param channels input channels, &ge; 1
     * @param height input height, &ge; 1
     * @param width input width, &ge; 1
     * @param classes output classes, &ge; 2
     * @return the spec
     */
    public static CnnSpec defaults(int channels, int height, int width, int classes) {
        return new CnnSpec(new Input(channels, height, width, classes, CNN2DFormat.NCHW),
                new Architecture(DEFAULT_BLOCKS, 1, DEFAULT_FILTERS, DEFAULT_DENSE, BatchNorm.NONE),
                new Penalties(0, false, 0, 0), LearningRateSpec.constant(1e-3));
    }

    /**
     * Returns a copy with other blocks.
     *
     * @param value convolution blocks, in [1, 8]
     * @return the copy
     */
    public CnnSpec withBlocks(int value) {
        Architecture a = architecture;
        return with(new Architecture(value, a.convs(), a.filters(), a.dense(), a.batchNorm()));
    }

    /**
     * Returns a copy with other convs.
     *
     * @param value convolutions per block, in [1, 8]
     * @return the copy
     */
    public CnnSpec withConvs(int value) {
        Architecture a = architecture;
        return with(new Architecture(a.blocks(), value, a.filters(), a.dense(), a.batchNorm()));
    }

    /**
     * Returns a copy with other filters.
     *
     * @param value filters of the first block, in [1, 4096]
     * @return the copy
     */
    public CnnSpec withFilters(int value) {
        Architecture a = architecture;
        return with(new Architecture(a.blocks(), a.convs(), value, a.dense(), a.batchNorm()));
    }

    /**
     * Returns a copy with other dense.
     *
     * @param value units of the dense layer, in [1, 100000]
     * @return the copy
     */
    public CnnSpec withDense(int value) {
        Architecture a = architecture;
        return with(new Architecture(a.blocks(), a.convs(), a.filters(), value, a.batchNorm()));
    }

    /**
     * Returns a copy with another batch normalization choice.
     *
     * @param value none, this project's fused layer, or DL4J's
     * @return the copy
     */
    public CnnSpec withBatchNorm(BatchNorm value) {
        Architecture a = architecture;
        return with(new Architecture(a.blocks(), a.convs(), a.filters(), a.dense(), value));
    }

    private CnnSpec with(Architecture value) {
        return new CnnSpec(input, value, penalties, learningRate);
    }

    /**
     * Returns a copy with other learningRate.
     *
     * @param value Adam's rate and schedule
     * @return the copy
     */
    public CnnSpec withLearningRate(LearningRateSpec value) {
        return new CnnSpec(input, architecture, penalties, value);
    }

    /**
     * Returns a copy with other regularization: dropout, L2 and batch normalization.
     *
     * @param dropRate the copy's drop rate
     * @param l2 the copy's L2 strength
     * @param batchNorm the copy's batch normalization
     * @return this network with other regularizers and everything else unchanged
     */
    public CnnSpec withRegularization(double dropRate, double l2, BatchNorm batchNorm) {
        Penalties p = penalties;
        return with(new Penalties(dropRate, p.gaussianDropout(), l2, p.maxNorm(), p.labelSmoothing(),
                p.spatialDropRate()))
                .withBatchNorm(batchNorm);
    }

    /**
     * Returns a copy with other penalties.
     *
     * @param value dropout, L2, max-norm, label smoothing and spatial dropout
     * @return the copy
     */
    public CnnSpec with(Penalties value) {
        return new CnnSpec(input, architecture, value, learningRate);
    }

    /**
     * Returns a copy in another layout. The two layouts compute the same function with differently ordered weights
     * in the dense layer; which is faster depends on the natives (docs/benchmarks.md).
     *
     * @param value NCHW or NHWC; the input rows must be in the same order
     * @return the copy
     */
    public CnnSpec withLayout(CNN2DFormat value) {
        Input i = input;
        return new CnnSpec(new Input(i.channels(), i.height(), i.width(), i.classes(), value), architecture,
                penalties, learningRate);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * @param seed the weight seed
     * @return DL4J's configuration
     */
    public MultiLayerConfiguration toDl4j(long seed) {
        double l2 = penalties.l2();
        IDropout dropout = penalties.dropRate() == 0 ? null : penalties.gaussianDropout()
                ? new GaussianDropout(penalties.dropRate()) : LayerRegularization.dropout(penalties.dropRate());
        // the incoming weights of each unit: a filter [nIn, kH, kW] of W[nOut, nIn, kH, kW], a column of W[nIn, nOut]
        // (DL4J's Javadoc suggests dimension 1 for dense layers, which would bound each input's outgoing weights)
        LayerConstraint filterNorm = penalties.maxNorm() > 0 ? new MaxNormConstraint(penalties.maxNorm(), 1, 2, 3)
                : null;
        LayerConstraint unitNorm = penalties.maxNorm() > 0 ? new MaxNormConstraint(penalties.maxNorm(), 0) : null;
        CNN2DFormat layout = input.layout();
        Regularization[] regs = l2 > 0 ? new Regularization[] {Regularizers.l2(l2)} : new Regularization[0];
        var list = new NeuralNetConfiguration.Builder().seed(Seeds.nd4j(seed))
                .updater(new Adam(learningRate.toSchedule()))
                .weightInit(WeightInit.RELU).list();
        List<Integer> weightLayers = new ArrayList<>();
        int layer = addBlocks(list, regs, filterNorm, weightLayers);
        if (dropout != null) {
            list.layer(layer++, new DropoutLayer.Builder().dropOut(dropout).build());
        }
        var dense = new DenseLayer.Builder().nOut(architecture.dense()).activation(Activation.RELU);
        var out = (penalties.labelSmoothing() > 0
                ? new OutputLayer.Builder(new LabelSmoothedCrossEntropy(penalties.labelSmoothing()))
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)).nOut(input.classes())
                .activation(Activation.SOFTMAX);
        if (unitNorm != null) {
            dense.constrainWeights(unitNorm);
            out.constrainWeights(unitNorm);
        }
        list.layer(layer, LayerRegularization.weights(dense, regs).build());
        weightLayers.add(layer++);
        if (dropout != null) {
            list.layer(layer++, new DropoutLayer.Builder().dropOut(dropout.clone()).build());
        }
        list.layer(layer, LayerRegularization.weights(out, regs).build());
        weightLayers.add(layer);
        if (layout == CNN2DFormat.NHWC) {
            // DL4J's own flat-to-image preprocessor (added by the input type below) knows only NCHW
            list.inputPreProcessor(0, new FlatToCnnPreProcessor(input.height(), input.width(), input.channels(),
                    layout));
        }
        MultiLayerConfiguration conf = list.setInputType(InputType.convolutionalFlat(input.height(), input.width(),
                input.channels())).build();
        for (int i : weightLayers) {
            LayerRegularization.verify(conf, i, List.of(regs));
        }
        return conf;
    }

    /**
     * Adds the convolution blocks: per block {@code convs} 3×3 convolutions (each followed by batch norm and a ReLU,
     * or with a ReLU of its own when batch norm is off), max-pooling 2×2, then spatial dropout when asked for.
     *
     * @return the index of the next layer
     */
    private int addBlocks(NeuralNetConfiguration.ListBuilder list, Regularization[] regs, LayerConstraint filterNorm,
            List<Integer> weightLayers) {
        CNN2DFormat layout = input.layout();
        BatchNorm bn = architecture.batchNorm();
        int layer = 0;
        for (int b = 0; b < architecture.blocks(); b++) {
            for (int c = 0; c < architecture.convs(); c++) {
                // before batch norm a bias is cancelled (its true gradient is 0, only rounding noise is left): none
                var conv = new ConvolutionLayer.Builder(3, 3).nOut((long) architecture.filters() << b)
                        .dataFormat(layout).hasBias(!bn.on()).padding(1, 1)
                        .activation(bn.on() ? Activation.IDENTITY : Activation.RELU);
                if (filterNorm != null) {
                    conv.constrainWeights(filterNorm);
                }
                list.layer(layer, LayerRegularization.weights(conv, regs).build());
                weightLayers.add(layer++);
                if (bn.on()) {
                    list.layer(layer++, bn.convolutional(layout));
                    list.layer(layer++, new ActivationLayer.Builder().activation(Activation.RELU).build());
                }
            }
            list.layer(layer++, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                    .stride(2, 2).dataFormat(layout).build());
            if (penalties.spatialDropRate() > 0) {
                list.layer(layer++, new DropoutLayer.Builder()
                        .dropOut(ChannelDropout.ofDropRate(penalties.spatialDropRate(), layout)).build());
            }
        }
        return layer;
    }
}
