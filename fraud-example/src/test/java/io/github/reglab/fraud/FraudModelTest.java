package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.io.AtomicFiles;
import io.github.reglab.core.io.ModelArchive;
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
        MultiLayerNetwork net = new MultiLayerNetwork(FraudNetSpec.defaults(2).withHidden(4).toDl4j(1));
        net.init();
        FraudModel.Meta meta = new FraudModel.Meta(threshold, "test", names, label, new float[] {0, 1}, std);
        Path f = tmp.resolve(name);
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS, Map.of("fraud-model.json",
                AtomicFiles.json().writeValueAsBytes(meta)));
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
