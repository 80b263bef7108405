package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Cosine annealing against its closed form {@code lr·(1 + cos(π·t/T))/2}: cos(0) = 1, cos(π/3) = 1/2, cos(π/2) = 0,
 * cos(π) = −1 give lr, 3/4·lr, lr/2 and 0 exactly (tolerance: a few ulps of 0.01); a saved model keeps the schedule
 * and DL4J reads the annealed rate from it.
 */
class CosineScheduleTest {

    @Test
    void closedForm() {
        ISchedule s = LearningRateSpec.cosine(0.01, 6).toSchedule();
        assertEquals(0.01, s.valueAt(999, 0), 1e-17);
        assertEquals(0.0075, s.valueAt(0, 2), 1e-17);
        assertEquals(0.005, s.valueAt(0, 3), 1e-17);
        assertEquals(0, s.valueAt(0, 6), 1e-17);
        assertEquals(0, s.valueAt(0, 60), 0, "stays 0 after the period");
        // the last epoch of 15 trains at lr·(1 − cos(π/15))/2 = 1.0926…% of lr
        assertEquals(0.010926, LearningRateSpec.cosine(1, 15).toSchedule().valueAt(0, 14), 1e-6);
        ISchedule perIteration = new CosineSchedule(ScheduleType.ITERATION, 0.01, 4);
        assertEquals(0.005, perIteration.valueAt(2, 0), 1e-17, "counts iterations, not epochs");
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSpec.cosine(0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSpec.cosine(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(ScheduleType.EPOCH, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new CosineSchedule(ScheduleType.EPOCH, Double.POSITIVE_INFINITY, 3));
    }

    @Test
    void aSavedModelKeepsTheScheduleAndDl4jFollowsIt() throws IOException {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(LearningRateSpec.cosine(0.01, 6).toSchedule())).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.setEpochCount(3);
        assertEquals(0.005, net.getLearningRate(0), 1e-12);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(conf.getConf(0).getLayer(), restored.getLayerWiseConfigurations().getConf(0).getLayer());
        assertEquals(3, restored.getEpochCount());
        assertEquals(0.005, restored.getLearningRate(0), 1e-12);
        restored.setEpochCount(6);
        assertEquals(0, restored.getLearningRate(0), 1e-12);
    }
}
