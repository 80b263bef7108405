package io.github.reglab.core.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.github.reglab.core.testing.TinyNets;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Every regularizer survives DL4J's JSON ({@code toJson → fromJson}, equal configuration) and ModelSerializer
 * (save → restore, equal regularizer, same penalty on the same weights). Mind the shaded-Jackson naming trap: a
 * wrongly named property silently reads back as 0, which the equality check catches.
 */
class SerializationTest {

    @TempDir
    Path tmp;

    static Stream<Regularization> all() {
        int in = TinyNets.DENSE_IN;
        int out = TinyNets.DENSE_HIDDEN;
        return Stream.of(Regularizers.l1(0.01), Regularizers.l1(0.02, Step.PROXIMAL), Regularizers.l2(0.03),
                Regularizers.weightDecay(0.04), Regularizers.elasticNet(0.05, 0.3),
                Regularizers.elasticNet(0.06, 0.7, Step.PROXIMAL),
                new ElasticNet(new InverseSchedule(ScheduleType.EPOCH, 0.1, 0.5, 1.0), 0.5, Step.PROXIMAL),
                Regularizers.inputGroupLasso(0.07, in, out, Step.PROXIMAL),
                Regularizers.l1(0.02, Step.PROXIMAL_ADAPTIVE), Regularizers.elasticNet(0.06, 0.7, Step.PROXIMAL_ADAPTIVE),
                Regularizers.inputGroupLasso(0.07, in, out, Step.PROXIMAL_ADAPTIVE),
                Regularizers.inputGroupLasso(0.07, in, out, Step.PROXIMAL).withGroupFactors(factors(in)),
                Regularizers.neuronGroupLasso(0.08, in, out, Step.GRADIENT).withWeighting(GroupLasso.Weighting.ONE),
                Regularizers.weighted(0.3, Regularizers.l1(0.1)).plus(0.3, Regularizers.l2(0.1))
                        .plus(0.4, Regularizers.inputGroupLasso(0.1, in, out, Step.GRADIENT)));
    }

    /** Distinct per-group factors 1, 1.5, 2 … (the adaptive group lasso), so a lost or reordered array shows. */
    private static double[] factors(int groups) {
        double[] a = new double[groups];
        for (int g = 0; g < groups; g++) {
            a[g] = 1 + 0.5 * g;
        }
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void jsonRoundTrip(Regularization r) {
        MultiLayerConfiguration conf = TinyNets.dense(7, r).getLayerWiseConfigurations();
        String json = conf.toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(List.of(r), ((BaseLayer) back.getConf(0).getLayer()).getRegularization());
        assertEquals(json, back.toJson());
        Regularization copy = r.clone();
        assertEquals(r, copy);
        assertEquals(r.hashCode(), copy.hashCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void modelSerializerRoundTrip(Regularization r) throws Exception {
        MultiLayerNetwork net = TinyNets.dense(7, r);
        File f = tmp.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        Regularization restored = ((BaseLayer) back.getLayerWiseConfigurations().getConf(0).getLayer())
                .getRegularization().get(0);
        assertEquals(r, restored);
        assertNotSame(r, restored);
        assertEquals(net.params(), back.params());
        assertEquals(r.score(net.getLayer(0).getParam("W"), 3, 1),
                restored.score(back.getLayer(0).getParam("W"), 3, 1), 0.0);
        assertTrue(net.getLayerWiseConfigurations().equals(back.getLayerWiseConfigurations()));
    }
}
