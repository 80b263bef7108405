package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.reglab.core.testing.Blobs;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The validation loss is DL4J's {@code scoreExamples} summed and divided by the examples. For a softmax
 * cross-entropy output it is computed from the probabilities of the one inference pass (weighted, clipped as DL4J
 * clips); for any other loss by {@code scoreExamples} itself. In double precision both agree to rounding (1e-12).
 */
class ValidationMetricsTest {

    /** @param loss "weighted" (softmax cross-entropy with class weights, the one-pass path) or "sigmoid" */
    @ParameterizedTest
    @ValueSource(strings = {"weighted", "plain", "sigmoid"})
    void validationLossIsDl4jsPenaltyFreeScore(String loss) {
        ILossFunction fn = switch (loss) {
            case "weighted" -> new LossMCXENT(Nd4j.createFromArray(1.0, 5.0));
            case "plain" -> new LossMCXENT();
            default -> new LossBinaryXENT();
        };
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(fn).nIn(6).nOut(2)
                        .activation(loss.equals("sigmoid") ? Activation.SIGMOID : Activation.SOFTMAX).build())
                .build());
        net.init();
        DataSet all = Blobs.data(300, 1.0, 0.3, 9);
        all = new DataSet(all.getFeatures().castTo(DataType.DOUBLE), all.getLabels().castTo(DataType.DOUBLE));
        double expected = net.scoreExamples(all, false).sumNumber().doubleValue() / 300;
        ValidationMetrics.Predictions p = ValidationMetrics.predict(net, new ExistingDataSetIterator(all.batchBy(64)));
        assertEquals(expected, p.meanLoss(), 1e-12 * Math.max(1, expected));
    }
}
