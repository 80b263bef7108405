package io.github.reglab.core.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.reglab.core.metrics.ModelComplexity;
import io.github.reglab.core.testing.TinyNets;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.regularization.WeightDecay;

class LayerRegularizationTest {

    /** One call adds proximal L1 to layer 0 of a network built elsewhere; training then yields exact zeros. */
    @Test
    void oneCallRegularizesAnExistingNetwork() {
        MultiLayerNetwork net = TinyNets.dense(5);
        ElasticNet l1 = Regularizers.l1(0.5, Step.PROXIMAL);
        LayerRegularization.layer(net, 0, l1);
        DataSet ds = new DataSet(TinyNets.features(32, new long[] {TinyNets.DENSE_IN}, 1), TinyNets.oneHot(32, 2));
        assertEquals(0, ModelComplexity.of(net, 0).layers().get(0).weights()
                - ModelComplexity.of(net, 0).layers().get(0).nonZeros(), "no zeros before training");
        for (int i = 0; i < 20; i++) {
            net.fit(ds);
        }
        var hidden = ModelComplexity.of(net, 0).layers().get(0);
        assertEquals(hidden.weights(), hidden.weights() - hidden.nonZeros(),
                "lr 1.0 × λ 0.5 thresholds all small weights to exactly 0: " + hidden);
        LayerRegularization.verify(net.getLayerWiseConfigurations(), 0, List.of(l1));
    }

    /** DL4J merges global regularization into layers; verify names the layer and the unexpected list. */
    @Test
    void verifyCatchesGlobalRegularization() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .regularization(List.of(new WeightDecay(0.1, true))).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(2).build())
                .layer(new OutputLayer.Builder().nIn(2).nOut(2).build()).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LayerRegularization.verify(conf, 0, List.of()));
        assertTrue(e.getMessage().contains("layer 0") && e.getMessage().contains("WeightDecay"), e.getMessage());
        MultiLayerConfiguration fixed = LayerRegularization.layer(conf, 0, Regularizers.l2(0.1));
        LayerRegularization.verify(fixed, 0, List.of(Regularizers.l2(0.1)));
    }

    @Test
    void dropoutTakesADropRate() {
        Dropout d = (Dropout) LayerRegularization.dropout(0.3);
        assertEquals(0.7, d.getP(), 1e-12);
        assertNull(LayerRegularization.dropout(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerRegularization.dropout(-0.1));
        assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerRegularization.layer(TinyNets.dense(1), 5));
    }

    /** A group lasso built without its shape takes the layer's: [nIn, nOut] for dense, [nOut, nIn, kH, kW] for filters. */
    @Test
    void groupLassoTakesItsShapeFromTheLayer() {
        DenseLayer dense = LayerRegularization.weights(new DenseLayer.Builder().nIn(5).nOut(8),
                Regularizers.l2(1e-3), Regularizers.inputGroupLasso(0.05, Step.PROXIMAL)).build();
        assertEquals(Regularizers.l2(1e-3), dense.getRegularization().get(0));
        assertEquals(Regularizers.inputGroupLasso(0.05, 5, 8, Step.PROXIMAL), dense.getRegularization().get(1));
        OutputLayer out = LayerRegularization.weights(new OutputLayer.Builder().nIn(8).nOut(2),
                Regularizers.neuronGroupLasso(0.05, Step.GRADIENT)).build();
        assertEquals(Regularizers.neuronGroupLasso(0.05, 8, 2, Step.GRADIENT), out.getRegularization().get(0));
        ConvolutionLayer conv = LayerRegularization.weights(new ConvolutionLayer.Builder(3, 2).nIn(3).nOut(4),
                Regularizers.filterGroupLasso(0.05, Step.PROXIMAL)).build();
        assertEquals(Regularizers.filterGroupLasso(0.05, 4, 3, 3, 2, Step.PROXIMAL), conv.getRegularization().get(0));
    }

    /** What cannot be taken or does not match fails at the layer, naming what to set; never at the first step. */
    @Test
    void aShapeTheLayerCannotGiveOrDoesNotMatchIsRefused() {
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> LayerRegularization.weights(new DenseLayer.Builder().nOut(8),
                        Regularizers.inputGroupLasso(0.05, Step.PROXIMAL)));
        assertTrue(unset.getMessage().contains("nIn is not set"), unset.getMessage());
        IllegalArgumentException noKernel = assertThrows(IllegalArgumentException.class,
                () -> LayerRegularization.weights(new DenseLayer.Builder().nIn(5).nOut(8),
                        Regularizers.filterGroupLasso(0.05, Step.PROXIMAL)));
        assertTrue(noKernel.getMessage().contains("convolution layer"), noKernel.getMessage());
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> LayerRegularization.weights(new DenseLayer.Builder().nIn(5).nOut(8),
                        Regularizers.inputGroupLasso(0.05, 5, 4, Step.PROXIMAL)));
        assertTrue(mismatch.getMessage().contains("[5, 4]") && mismatch.getMessage().contains("[5, 8]"),
                mismatch.getMessage());
        IllegalStateException unattached = assertThrows(IllegalStateException.class,
                () -> Regularizers.inputGroupLasso(0.05, Step.PROXIMAL).score(org.nd4j.linalg.factory.Nd4j.ones(5, 8),
                        0, 0));
        assertTrue(unattached.getMessage().contains("LayerRegularization.weights"), unattached.getMessage());
    }
}
