package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.io.ModelArchive;
import io.github.reglab.harness.run.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value {@code score} reads from a model is range-checked on reading: the checksums only detect damage,
 * and a file rewritten with fresh checksums (threshold −1 or 2, a zero scale) used to load.
 */
class FraudModelTest {

    @TempDir
    Path tmp;

    /**
     * Writes a model file as an attacker who rewrites the metadata and its checksum would: through ModelArchive,
     * with any values.
     */
    private Path crafted(String name, double threshold, float[] std, List<String> names, String label)
            throws Exception {
        return crafted(name, threshold, std, names, label, null);
    }

    /** As above with log columns; null writes no such field, as models written before the log transform. */
    private Path crafted(String name, double threshold, float[] std, List<String> names, String label,
            List<String> log) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(FraudNetSpec.defaults(2).withHidden(4).toDl4j(1));
        net.init();
        FraudModel.Meta meta = new FraudModel.Meta(threshold, "test", names, label, new float[] {0, 1}, std, log);
        Path f = tmp.resolve(name);
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS, Map.of("fraud-model.json",
                Json.mapper().writeValueAsBytes(meta)));
        return f;
    }

    private String refusal(Path f) {
        return assertThrows(ModelArchive.InvalidModelException.class, () -> FraudModel.read(f)).getMessage();
    }

    @Test
    void aValidModelRoundTrips() throws Exception {
        FraudModel back = FraudModel.read(crafted("ok.zip", 0.3, new float[] {1, 2}, List.of("a", "b"), "Class"));
        assertEquals(0.3, back.threshold(), 0);
        assertEquals(List.of("a", "b"), back.featureNames());
    }

    /**
     * The log columns round trip and are applied before the standardization: raw (a, b) = (0.5, e² − 1) scores as
     * the network does on ((0.5 − 0)/1, (log(e²) − 1)/2) = (0.5, 0.5). A model file without the field (written before
     * the transform existed) reads as no transform; a log column that is not a feature is refused.
     */
    @Test
    void logColumnsRoundTripAndApplyBeforeTheStandardization() throws Exception {
        FraudModel m = FraudModel.read(crafted("log.zip", 0.3, new float[] {1, 2}, List.of("a", "b"), "Class",
                List.of("b")));
        assertEquals(List.of("b"), m.log1p().columns());
        double[] p = m.fraudProbability(org.nd4j.linalg.factory.Nd4j.createFromArray(
                new float[][] {{0.5f, (float) (Math.exp(2) - 1)}}));
        double expected = m.network().output(org.nd4j.linalg.factory.Nd4j.createFromArray(
                new float[][] {{0.5f, 0.5f}}), false).getDouble(0, 1);
        assertEquals(expected, p[0], 1e-6);
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> m.fraudProbability(
                org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{0.5f, -3f}})));
        assertTrue(neg.getMessage().contains("column 'b' has -3.0"), neg.getMessage());
        assertEquals(List.of(), FraudModel.read(crafted("old.zip", 0.3, new float[] {1, 2}, List.of("a", "b"),
                "Class")).log1p().columns());
        assertTrue(refusal(crafted("badlog.zip", 0.3, new float[] {1, 2}, List.of("a", "b"), "Class",
                List.of("c"))).contains("'c' is not a feature column"));
    }

    @Test
    void valuesOutsideTheirRangeAreRefusedNamingTheValue() throws Exception {
        float[] ones = {1, 1};
        List<String> ab = List.of("a", "b");
        assertTrue(refusal(crafted("t2.zip", 2, ones, ab, "Class")).contains("threshold 2.0"));
        assertTrue(refusal(crafted("tneg.zip", -1, ones, ab, "Class")).contains("threshold -1.0"));
        assertTrue(refusal(crafted("tnan.zip", Double.NaN, ones, ab, "Class")).contains("threshold NaN"));
        assertTrue(refusal(crafted("std0.zip", 0.5, new float[] {1, 0}, ab, "Class"))
                .contains("scale 0.0 for feature 'b'"));
        assertTrue(refusal(crafted("stdinf.zip", 0.5, new float[] {1, Float.POSITIVE_INFINITY}, ab, "Class"))
                .contains("scale Infinity"));
        assertTrue(refusal(crafted("dup.zip", 0.5, ones, List.of("a", "a"), "Class"))
                .contains("the feature name 'a' twice"));
        assertTrue(refusal(crafted("label.zip", 0.5, ones, ab, "b")).contains("label name 'b'"));
    }
}
