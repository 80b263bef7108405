package io.github.reglab.core.layers;

import java.util.Locale;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The implementation of {@link FusedBatchNormalization}: per training step one {@code moments}, one
 * {@code batchnorm} and one {@code batchnorm_bp} op plus two for the running statistics, where DL4J's layer issues
 * about twenty. Batch mean and variance live in one buffer reused across steps; the running statistics are updated
 * as DL4J does it (their "gradient" is {@code (1 − decay)·(running − batch)}, applied by the no-op updater), so
 * distributed training and checkpoints behave the same.
 */
final class FusedBatchNormalizationLayer extends BatchNormalization {

    private static final long serialVersionUID = 1L;

    /** Batch mean then batch variance, {@code [2·C]}, outside any workspace; null until the first training pass. */
    private INDArray batchStats;
    private INDArray batchMean;
    private INDArray batchVar;
    /** Scratch outputs of batchnorm_bp for the mean and variance gradients (not used by the layer). */
    private INDArray scratchMean;
    private INDArray scratchVar;
    /** Views of the running statistics in the layer's parameters and gradients, set with those arrays. */
    private INDArray runningStats;
    private INDArray runningStatsGradient;
    /** Whether {@link #batchStats} holds the statistics of the current input. */
    private boolean haveBatchStats;

    FusedBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private int channelAxis(int rank) {
        return rank == 4 && layerConf().getCnn2DFormat() == CNN2DFormat.NHWC ? 3 : 1;
    }

    private static int[] reduceDims(int rank, int axis) {
        if (rank == 2) {
            return new int[] {0};
        }
        return axis == 1 ? new int[] {0, 2, 3} : new int[] {0, 1, 2};
    }

    private void checkInput(INDArray x) {
        int rank = x.rank();
        if (rank != 2 && rank != 4) {
            throw new IllegalStateException(String.format(Locale.ROOT, "FusedBatchNormalization takes 2-D or 4-D "
                    + "input, found shape %s %s", java.util.Arrays.toString(x.shape()), layerId()));
        }
        long c = x.size(channelAxis(rank));
        if (c != layerConf().getNOut()) {
            throw new IllegalStateException(String.format(Locale.ROOT, "FusedBatchNormalization has %d channels but "
                    + "its input has %d along axis %d (shape %s, format %s) %s", layerConf().getNOut(), c,
                    channelAxis(rank), java.util.Arrays.toString(x.shape()), layerConf().getCnn2DFormat(),
                    layerId()));
        }
    }

    @SuppressWarnings("try") // the scope is what matters: the buffers outlive every workspace
    private void ensureBuffers(DataType type, long channels) {
        if (batchStats == null || batchStats.dataType() != type || batchMean.length() != channels) {
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                batchStats = Nd4j.createUninitialized(type, 2 * channels);
                batchMean = batchStats.get(NDArrayIndex.interval(0, channels));
                batchVar = batchStats.get(NDArrayIndex.interval(channels, 2 * channels));
                scratchMean = Nd4j.createUninitialized(type, channels);
                scratchVar = Nd4j.createUninitialized(type, channels);
            }
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return preOutput(input, training ? TrainingMode.TRAIN : TrainingMode.TEST, workspaceMgr);
    }

    @Override
    public INDArray preOutput(INDArray in, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
        INDArray x = in.castTo(dataType);
        checkInput(x);
        int axis = channelAxis(x.rank());
        INDArray mean;
        INDArray var;
        if (training == TrainingMode.TRAIN) {
            ensureBuffers(x.dataType(), x.size(axis));
            Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(batchMean, batchVar)
                    .addIntegerArguments(reduceDims(x.rank(), axis)).addBooleanArguments(false).build());
            haveBatchStats = true;
            mean = batchMean;
            var = batchVar;
        } else {
            mean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            var = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(x, mean, var, getParam(BatchNormalizationParamInitializer.GAMMA),
                        getParam(BatchNormalizationParamInitializer.BETA))
                .addOutputs(out).addIntegerArguments(1, 1, axis).addFloatingPointArguments(layerConf().getEps())
                .build());
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (!haveBatchStats) {
            throw new IllegalStateException("FusedBatchNormalization: backpropagation without a training forward pass "
                    + layerId());
        }
        INDArray x = input.castTo(dataType);
        INDArray eps = Shape.hasDefaultStridesForShape(epsilon) ? epsilon : epsilon.dup('c');
        int axis = channelAxis(x.rank());
        INDArray dGamma = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
        INDArray dBeta = gradientViews.get(BatchNormalizationParamInitializer.BETA);
        INDArray dMean = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        INDArray dVar = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(x, batchMean, batchVar, getParam(BatchNormalizationParamInitializer.GAMMA),
                        getParam(BatchNormalizationParamInitializer.BETA), eps)
                .addOutputs(dx, scratchMean, scratchVar, dGamma, dBeta)
                .addIntegerArguments(1, 1, axis).addFloatingPointArguments(layerConf().getEps()).build());
        // running statistics, DL4J's rule: the no-op updater subtracts (1 - decay)·(running - batch)
        Nd4j.exec(new SubOp(runningStats, batchStats, runningStatsGradient));
        runningStatsGradient.muli(1 - layerConf().getDecay());

        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGamma);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBeta);
        g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMean);
        g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, dVar);
        return new Pair<>(g, dx);
    }

    /** Running mean then running variance: the {@code [2·C]} tail of a flattened parameter or gradient vector. */
    private INDArray statsTail(INDArray flat) {
        long c = layerConf().getNOut();
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(2 * c, 4 * c));
    }

    @Override
    public void setParamsViewArray(INDArray params) {
        super.setParamsViewArray(params);
        runningStats = statsTail(params);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        super.setBackpropGradientsViewArray(gradients);
        runningStatsGradient = statsTail(gradients);
    }
}
