package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.reglab.fraud.data.BadRows;
import io.github.reglab.harness.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraud train} with its default regularization — the adaptive group lasso (ridge pilot, factors with γ = 4,
 * proximal steps in Adam's metric) on a network without batch normalization, Amount log-transformed — selects the
 * built-in generator's features on a small generated set (60,000 rows, 2 % fraud, seed 5): the 21 noise features
 * V8–V28 are removed and the 8 informative ones V1–V7 and Amount kept, V5–V7 included, whose signal is not linear
 * (the case the pilot exists for). Measured at this seed and at 17: 21 of 21 noise removed, 8 of 8 informative
 * kept; the test allows two noise features to survive, not an informative one to go.
 */
class FeatureSelectionEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void theDefaultsRemoveTheNoiseAndKeepTheSignal() throws Exception {
        TrainCommand c = new TrainCommand();
        c.common.set(5, 20, 1024, tmp.resolve("run"), false, 0);
        c.data.set(null, 60_000, 0.02, BadRows.FAIL);
        c.noBaseline = true;
        TrainCommand.Result r = c.run();
        JsonNode m = Json.mapper().readTree(r.runDirectory().resolve("metrics.json").toFile());
        JsonNode truth = m.get("selection_vs_generator_truth");
        assertTrue(truth.get("noise_dropped").size() >= 19, "noise removed: " + truth);
        assertEquals(8, truth.get("informative_kept").size(), "informative kept: " + truth + ", row norms "
                + m.get("first_layer_row_norms"));
        assertTrue(m.get("test").get("average_precision").asDouble() > 0.5, "AP " + m.get("test"));
        JsonNode adaptive = m.get("adaptive_group_lasso");
        assertEquals(4.0, adaptive.get("gamma").asDouble());
        // the pilot found the noise unimportant: every noise factor above every informative one's
        double maxInformative = 0;
        double minNoise = Double.MAX_VALUE;
        for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) adaptive.get("group_factors")::fields) {
            String f = e.getKey();
            double v = e.getValue().asDouble();
            if (io.github.reglab.fraud.data.TransactionGenerator.INFORMATIVE.contains(f)) {
                maxInformative = Math.max(maxInformative, v);
            } else if (!f.equals("Time")) {
                minNoise = Math.min(minNoise, v);
            }
        }
        assertTrue(minNoise > maxInformative, "factors " + adaptive.get("group_factors"));
    }
}
