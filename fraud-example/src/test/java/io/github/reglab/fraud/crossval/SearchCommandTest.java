package io.github.reglab.fraud.crossval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SearchCommandTest {

    private record Outcome(int exit, String err) {
    }

    private static Outcome run(String... args) {
        CommandLine cl = AppLauncher.commandLine(new SearchCommand());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return new Outcome(cl.execute(args), err.toString());
    }

    @Test
    void smallSearchWritesRankedResultsChartsAndATestScore(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Outcome o = run("--rows", "3000", "--fraud-rate", "0.05", "--epochs", "2", "--folds", "3", "--batch-size",
                "256", "--grid", "l2=0,1e-3", "--grid", "group-lasso=0.01,0.3", "--nested", "2", "--workers", "2",
                "--output", out.toString());
        assertEquals(0, o.exit(), o.err());
        for (String f : List.of("results.csv", "results.md", "results.json", "metrics.json", "manifest.json",
                "regularization-path.png", "sparsity.png", "stability.csv", "stability.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(5, csv.size(), "header and four configurations");
        assertTrue(csv.get(0).startsWith("rank,config,l2,group-lasso,average_precision_mean,average_precision_std"));
        double previous = Double.POSITIVE_INFINITY;
        for (String line : csv.subList(1, csv.size())) {
            double mean = Double.parseDouble(line.split(",")[4]);
            assertTrue(mean <= previous, "sorted best first: " + csv);
            previous = mean;
        }
        JsonNode metrics = Json.mapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.path("test").path("average_precision").asDouble() > 0);
        assertEquals(2, metrics.path("nested").path("outer").size());
        JsonNode results = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertEquals(3, results.path("configurations").get(0).path("folds").size());
        assertTrue(Files.readString(out.resolve("results.md")).contains("| rank | l2 | group-lasso |"));
        // stability: one row per input feature (30 in the generated schema), shares in [0, 1], counts consistent
        List<String> stability = Files.readAllLines(out.resolve("stability.csv"));
        assertEquals("feature,kept_share,zeroed_folds,folds", stability.get(0));
        assertEquals(31, stability.size());
        for (String line : stability.subList(1, stability.size())) {
            String[] f = line.split(",");
            double kept = Double.parseDouble(f[1]);
            assertTrue(kept >= 0 && kept <= 1, line);
            assertEquals(3, Integer.parseInt(f[3]), line);
            assertEquals(Math.round((1 - kept) * 3), Long.parseLong(f[2]), line);
        }
    }

    @Test
    void badInputFailsBeforeAnyTrainingWithExitCode2(@TempDir Path tmp) {
        Path out = tmp.resolve("never");
        String[][] cases = {
            {"--folds", "1"},
            {"--grid", "l2"},
            {"--grid", "dropout=0.5,1.5"},
            {"--grid", "weight-decay=1"},
            {"--random", "l1=log:1e-6:1e-2", "--grid", "l2=1"},
            {"--trials", "5"},
            {"--metric", "zero_features"},
            {"--fixed", "dropout=0.1,0.2"},
            {"--test-fraction", "0.95"},
            {"--prune-after", "5"},
            {"--rows", "400", "--fraud-rate", "0.01", "--folds", "5"},
        };
        String[] expected = {
            "--folds must be in [2, 1000], found 1",
            "must look like name=v1,v2",
            "parameter 'dropout' must be in [0, 1), found 1.5",
            "unknown parameter 'weight-decay'",
            "either --grid or --random",
            "--trials needs --random",
            "--metric must be average_precision or auc_roc",
            "--fixed dropout takes exactly one value",
            "--test-fraction",
            "--prune-after",
            "fewer than the 5 folds",
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(cases[i]),
                    java.util.stream.Stream.of("--output", out.toString())).toArray(String[]::new);
            Outcome o = run(args);
            assertEquals(AppLauncher.BAD_USAGE, o.exit(), String.join(" ", cases[i]) + ": " + o.err());
            assertTrue(o.err().contains(expected[i]), o.err());
            assertFalse(Files.exists(out), "no run folder for " + String.join(" ", cases[i]));
        }
    }

    /**
     * {@code --workers 64} on 2 cores under {@code ./suite} (one ND4J thread) was told to set OMP_NUM_THREADS=1,
     * which it had: the warning now names the option at fault.
     */
    @Test
    void theWorkersWarningNamesWhatIsOversubscribed() {
        String tooMany = SearchCommand.oversubscription(64, 1, 2).orElseThrow();
        assertTrue(tooMany.contains("--workers 64") && tooMany.contains("2 cores") && tooMany.contains("--workers 2"),
                tooMany);
        assertFalse(tooMany.contains("OMP_NUM_THREADS"), tooMany);
        String threads = SearchCommand.oversubscription(2, 4, 4).orElseThrow();
        assertTrue(threads.contains("OMP_NUM_THREADS=1") && threads.contains("2 workers × 4"), threads);
        assertTrue(SearchCommand.oversubscription(2, 1, 2).isEmpty());
        assertTrue(SearchCommand.oversubscription(1, 2, 2).isEmpty());
    }
}
