package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.reglab.fraud.data.BadRows;
import io.github.reglab.fraud.data.Holdout;
import io.github.reglab.fraud.data.LabelledCsv;
import io.github.reglab.fraud.data.Table;
import io.github.reglab.core.metrics.BinaryMetrics;
import io.github.reglab.harness.run.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The fraud application end to end on small generated data (20,000 rows, 2 % fraud so every part has enough
 * positives): training with the baseline, every output file, the reloaded model's scores, {@code score} and
 * determinism.
 */
class FraudEndToEndTest {

    static final int ROWS = 20_000;
    static final double RATE = 0.02;

    @TempDir
    static Path tmp;

    static Path csv;
    static TrainCommand.Result first;

    static TrainCommand train(Path out, Path data) {
        TrainCommand c = new TrainCommand();
        c.common.set(17, 3, 256, out, false, 0);
        c.data.set(data, ROWS, RATE, BadRows.FAIL);
        return c;
    }

    @BeforeAll
    static void trainOnce() {
        csv = tmp.resolve("tx.csv");
        GenerateCommand g = new GenerateCommand();
        g.output = csv;
        g.rows = ROWS;
        g.fraudRate = RATE;
        g.seed = 5;
        assertEquals(ROWS, g.run().rows());
        first = train(tmp.resolve("run1"), csv).run();
    }

    @Test
    void writesEveryFileWithSensibleMetrics() throws Exception {
        for (String f : List.of("model.zip", "metrics.json", "manifest.json", "history.csv", "history.json",
                "curves-loss.png", "curves-metrics.png", "roc.png", "pr.png", "feature-weights.png",
                "checkpoint.zip")) {
            assertTrue(Files.size(first.runDirectory().resolve(f)) > 0, f);
        }
        JsonNode m = Json.mapper().readTree(first.runDirectory().resolve("metrics.json").toFile());
        for (String part : List.of("test", "baseline")) {
            for (String k : List.of("auc_roc", "average_precision", "precision", "recall", "f1", "mcc",
                    "threshold")) {
                double v = m.get(part).get(k).asDouble();
                assertTrue(Double.isFinite(v) && v >= -1 && v <= 1, part + "." + k + " = " + v);
            }
            assertTrue(m.get(part).get("auc_roc").asDouble() > 0.8, part + " clearly better than chance: " + m);
            assertTrue(m.get(part).get("average_precision").asDouble() > 0.1, part + " AP above the 2 % base rate");
        }
        JsonNode manifest = Json.mapper().readTree(first.runDirectory().resolve("manifest.json").toFile());
        assertEquals("succeeded", manifest.get("status").asText());
        assertEquals(csv.toAbsolutePath().toString(), manifest.get("inputs").get(0).get("path").asText());
        List<String> history = Files.readAllLines(first.runDirectory().resolve("history.csv"));
        assertEquals(first.epochs() + 1, history.size());
    }

    /**
     * On the built-in generator's data the report scores the selection against the known truth (8 informative
     * features, 21 noise features); on a file it cannot, and says nothing.
     */
    @Test
    void generatedDataReportsTheSelectionAgainstTheTruth() throws Exception {
        TrainCommand c = train(tmp.resolve("run-generated"), null);
        c.noBaseline = true;
        TrainCommand.Result r = c.run();
        JsonNode t = Json.mapper().readTree(r.runDirectory().resolve("metrics.json").toFile())
                .get("selection_vs_generator_truth");
        assertEquals(8, t.get("informative_kept").size() + t.get("informative_dropped").size(), t.toString());
        assertEquals(21, t.get("noise_kept").size() + t.get("noise_dropped").size(), t.toString());
        assertEquals(r.zeroedFeatures().stream().filter(f -> !f.equals("Time")).count(),
                t.get("informative_dropped").size() + t.get("noise_dropped").size());
        assertTrue(t.get("recall").asDouble() >= 0 && t.get("recall").asDouble() <= 1);
        JsonNode fromFile = Json.mapper().readTree(first.runDirectory().resolve("metrics.json").toFile());
        assertTrue(fromFile.get("selection_vs_generator_truth") == null, "no truth for a CSV file");
    }

    /** The reloaded model.zip reproduces the test average precision in metrics.json exactly. */
    @Test
    void reloadedModelGivesIdenticalScores() throws Exception {
        FraudModel model = FraudModel.read(first.runDirectory().resolve(FraudModel.FILE_NAME));
        Table table = LabelledCsv.readTable(csv, "Class", Set.of(), "Time", BadRows.FAIL);
        Holdout h = Holdout.stratified(table.labels(), 0.6, 0.2, 17);
        DataSet test = table.toDataSet(h.test());
        double[] p = model.fraudProbability(test.getFeatures());
        double ap = new BinaryMetrics(p, table.labelsOf(h.test())).averagePrecision();
        assertEquals(first.test().averagePrecision(), ap, 0.0);
        assertEquals(table.featureNames(), model.featureNames());
        assertEquals(first.test().threshold(), model.threshold(), 0.0);
    }

    @Test
    void scoreWritesOneRowPerInputRow() throws Exception {
        ScoreCommand s = new ScoreCommand();
        s.model = first.runDirectory().resolve(FraudModel.FILE_NAME);
        s.data = csv;
        s.output = tmp.resolve("scored.csv");
        s.batchRows = 777;
        ScoreCommand.Result r = s.run();
        List<String> lines = Files.readAllLines(s.output);
        assertEquals(ROWS + 1, lines.size());
        assertEquals(ROWS, r.rows());
        assertTrue(lines.get(0).endsWith(",Class,fraud_probability,fraud_flag"), lines.get(0));
        List<String> input = Files.readAllLines(csv);
        assertTrue(lines.get(1).startsWith(input.get(1) + ","), "input columns are copied: " + lines.get(1));
        long flagged = lines.stream().skip(1).filter(l -> l.endsWith(",1")).count();
        assertEquals(r.flagged(), flagged);
        assertTrue(flagged > 0 && flagged < ROWS / 5, "flags " + flagged);
    }

    @Test
    void sameSeedGivesIdenticalMetrics() {
        TrainCommand.Result again = train(tmp.resolve("run2"), csv).run();
        assertEquals(first.test(), again.test());
        assertEquals(first.baseline(), again.baseline());
        FraudReport.TestScores t = first.test();
        assertTrue(t.mcc() > 0, "mcc " + t.mcc());
    }
}
