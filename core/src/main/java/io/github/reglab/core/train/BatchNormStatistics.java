package io.github.reglab.core.train;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Recomputes the running statistics of every batch-normalization layer of a network from data, as PyTorch's
 * {@code torch.optim.swa_utils.update_bn} does for an averaged model: the network runs forward in training mode over
 * the minibatches (each batch-normalization layer normalizing by its minibatch's statistics, as in training), and each
 * layer's running mean and variance become the equal-weight average over the minibatches of its input's minibatch
 * mean and variance (PyTorch's {@code momentum=None}, a cumulative average).
 *
 * <p>The variance of a minibatch is the biased one, as DL4J's layers and this project's
 * {@link io.github.reglab.core.layers.FusedBatchNormalization} use it for their running statistics; PyTorch's running
 * variance uses the unbiased one, larger by {@code m/(m − 1)} for m values per channel (m = 6,272 for 128 images of
 * 7×7: 0.016 %). Layers that store {@code log10} of the standard deviation ({@code useLogStd}, the default of DL4J's
 * own layer) get {@code 0.5·log10(var)}; DL4J adds the epsilon at inference. Works on DL4J's path, so it suits any {@link MultiLayerNetwork}; it does not change
 * the network's weights, updater state or iteration count.
 */
public final class BatchNormStatistics {

    private BatchNormStatistics() {
    }

    /**
     * Returns whether the network has batch-normalization layers.
     *
     * @param net the network
     * @return whether any layer's configuration is DL4J's {@link BatchNormalization} or a subclass of it
     */
    public static boolean present(MultiLayerNetwork net) {
        return !layers(net).isEmpty();
    }

    /**
     * Recomputes the running statistics from the minibatches of {@code data} (reset first; all of them, or the first
     * {@code maxBatches}).
     *
     * @param net the network, whose running means and variances are replaced
     * @param data the minibatches, usually the training data as it is trained on
     * @param maxBatches minibatches to use, 0 for all
     * @throws IllegalArgumentException when the data is empty or {@code maxBatches} is negative
     */
    public static void recompute(MultiLayerNetwork net, DataSetIterator data, int maxBatches) {
        if (maxBatches < 0) {
            throw new IllegalArgumentException("maxBatches must be >= 0 (0: all), found " + maxBatches);
        }
        List<Integer> bn = layers(net);
        if (bn.isEmpty()) {
            return;
        }
        INDArray[] meanSums = new INDArray[bn.size()];
        INDArray[] varSums = new INDArray[bn.size()];
        data.reset();
        int batches = 0;
        while (data.hasNext() && (maxBatches == 0 || batches < maxBatches)) {
            DataSet ds = data.next();
            List<INDArray> acts = net.feedForward(ds.getFeatures(), true);
            for (int j = 0; j < bn.size(); j++) {
                int layer = bn.get(j);
                INDArray in = inputOf(net, layer, acts.get(layer));
                int[] dims = reductionDims(net, layer, in);
                INDArray mean = in.castTo(DataType.DOUBLE).mean(dims);
                INDArray var = in.castTo(DataType.DOUBLE).var(false, dims);
                meanSums[j] = meanSums[j] == null ? mean : meanSums[j].addi(mean);
                varSums[j] = varSums[j] == null ? var : varSums[j].addi(var);
            }
            batches++;
        }
        if (batches == 0) {
            throw new IllegalArgumentException("no minibatches to recompute batch-normalization statistics from");
        }
        for (int j = 0; j < bn.size(); j++) {
            int layer = bn.get(j);
            BatchNormalization conf = (BatchNormalization) net.getLayerWiseConfigurations().getConf(layer).getLayer();
            var l = net.getLayer(layer);
            INDArray mean = meanSums[j].divi(batches);
            INDArray var = varSums[j].divi(batches);
            INDArray runningMean = l.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            runningMean.assign(mean.reshape(runningMean.shape()));
            if (conf.isUseLogStd()) {
                INDArray log10Std = l.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
                log10Std.assign(Transforms.log(var, 10, false).muli(0.5)
                        .reshape(log10Std.shape()));
            } else {
                INDArray runningVar = l.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
                runningVar.assign(var.reshape(runningVar.shape()));
            }
        }
    }

    private static List<Integer> layers(MultiLayerNetwork net) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BatchNormalization) {
                found.add(i);
            }
        }
        return found;
    }

    /** The layer's input: the previous layer's activation (feedForward's entry i) through the layer's preprocessor. */
    private static INDArray inputOf(MultiLayerNetwork net, int layer, INDArray previous) {
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(layer);
        return pre == null ? previous
                : pre.preProcess(previous, (int) previous.size(0), LayerWorkspaceMgr.noWorkspaces());
    }

    /** The dimensions a channel's statistics run over: all but the channel dimension. */
    private static int[] reductionDims(MultiLayerNetwork net, int layer, INDArray in) {
        if (in.rank() == 2) {
            return new int[] {0};
        }
        if (in.rank() != 4) {
            throw new IllegalArgumentException("batch-normalization layer " + layer + " has an input of rank "
                    + in.rank() + "; statistics are recomputed for rank 2 [n, c] and rank 4 images");
        }
        BatchNormalization conf = (BatchNormalization) net.getLayerWiseConfigurations().getConf(layer).getLayer();
        return conf.getCnn2DFormat() == CNN2DFormat.NHWC ? new int[] {0, 1, 2} : new int[] {0, 2, 3};
    }
}
