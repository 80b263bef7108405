package io.github.reglab.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ChannelDropoutTest {

    private static final int N = 40;
    private static final int H = 3;
    private static final int W = 4;
    private static final int C = 50;

    /**
     * In NHWC every (example, channel) map is either all zero or all 1/p, the share of dropped maps is the drop rate
     * (2,000 maps at p = 0.7: standard error √(0.3·0.7/2000) ≈ 0.010, so 0.05 is five of them), and the backward pass
     * multiplies the gradient by the same mask.
     */
    @Test
    void nhwcDropsWholeChannels() {
        double p = 0.7;
        ChannelDropout d = new ChannelDropout(p, CNN2DFormat.NHWC);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.ones(DataType.DOUBLE, N, H, W, C);
        INDArray out = d.applyDropout(x, x.ulike(), 0, 0, LayerWorkspaceMgr.noWorkspaces());
        int dropped = 0;
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < C; c++) {
                INDArray map = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(c));
                double first = map.getDouble(0, 0);
                assertTrue(first == 0 || Math.abs(first - 1 / p) < 1e-12, "0 or 1/p: " + first);
                assertEquals(first * H * W, map.sumNumber().doubleValue(), 1e-9, "one value per map");
                dropped += first == 0 ? 1 : 0;
            }
        }
        assertEquals(1 - p, dropped / (double) (N * C), 0.05);
        INDArray g = Nd4j.rand(DataType.DOUBLE, N, H, W, C);
        INDArray back = d.backprop(g, g.ulike(), 0, 0);
        assertTrue(back.equalsWithEps(g.mul(out), 1e-12), "dL/dx = dL/dy · mask");
    }

    /** The same random draws give the same mask in NCHW, applied along dimension 1: the layouts are one function. */
    @Test
    void nchwIsTheSameDropoutInTheOtherLayout() {
        INDArray nhwc = Nd4j.rand(DataType.DOUBLE, N, H, W, C);
        INDArray nchw = nhwc.permute(0, 3, 1, 2).dup();
        Nd4j.getRandom().setSeed(5);
        INDArray a = new ChannelDropout(0.5, CNN2DFormat.NHWC).applyDropout(nhwc, nhwc.ulike(), 0, 0,
                LayerWorkspaceMgr.noWorkspaces());
        Nd4j.getRandom().setSeed(5);
        INDArray b = new ChannelDropout(0.5, CNN2DFormat.NCHW).applyDropout(nchw, nchw.ulike(), 0, 0,
                LayerWorkspaceMgr.noWorkspaces());
        assertTrue(a.equalsWithEps(b.permute(0, 2, 3, 1), 1e-12));
    }

    @Test
    void roundTripsThroughJsonAndRefusesBadValues() {
        IDropout d = ChannelDropout.ofDropRate(0.2, CNN2DFormat.NHWC);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).dataFormat(CNN2DFormat.NHWC).build())
                .layer(new DropoutLayer.Builder().dropOut(d).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(5, 5, 1, CNN2DFormat.NHWC)).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(d, ((DropoutLayer) back.getConf(1).getLayer()).getIDropout());
        assertEquals(0.8, ((ChannelDropout) d).p(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new ChannelDropout(0, CNN2DFormat.NCHW));
        assertThrows(IllegalArgumentException.class, () -> ChannelDropout.ofDropRate(1, CNN2DFormat.NCHW));
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> d.applyDropout(
                Nd4j.ones(3, 4), Nd4j.ones(3, 4), 0, 0, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(rank.getMessage().contains("rank 2"), rank.getMessage());
    }
}
