package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.reglab.fraud.data.TransactionGenerator;
import io.github.reglab.harness.run.AppLauncher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Bad input through the real command line: exit 1 (bad data) or 2 (bad options), a one-line message naming the
 * file, line, column and value, and nothing written.
 */
class FraudBadInputTest {

    @TempDir
    static Path tmp;

    static List<String> good;

    @BeforeAll
    static void data() throws Exception {
        Path f = tmp.resolve("good.csv");
        TransactionGenerator.writeCsv(f, 3000, 0.05, 3);
        good = Files.readAllLines(f);
    }

    private record Outcome(int code, String err) {
    }

    private static Outcome fraud(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = AppLauncher.commandLine(new FraudApp());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return new Outcome(cl.execute(args), err.toString());
    }

    private static Path write(String name, List<String> lines) throws Exception {
        return Files.write(tmp.resolve(name), lines);
    }

    private static List<String> withLine(int index, String line) {
        List<String> l = new ArrayList<>(good);
        l.set(index, line);
        return l;
    }

    private void assertTrainFails(Path data, String... expected) {
        Path out = tmp.resolve("out-" + data.getFileName());
        Outcome o = fraud("train", "--data", data.toString(), "--output", out.toString(), "--epochs", "1");
        assertEquals(1, o.code(), o.err());
        for (String e : expected) {
            assertTrue(o.err().contains(e), "expected '" + e + "' in: " + o.err());
        }
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
        assertFalse(Files.exists(out), "nothing written for bad data");
    }

    @Test
    void emptyFile() throws Exception {
        assertTrainFails(write("empty.csv", List.of()), "empty.csv", "is empty");
    }

    @Test
    void missingLabelColumn() throws Exception {
        List<String> l = new ArrayList<>(good);
        l.set(0, l.get(0).replace(",Class", ",Label"));
        assertTrainFails(write("nolabel.csv", l), "no label column 'Class'", "--label");
    }

    @Test
    void labelOtherThanZeroOrOne() throws Exception {
        String row = good.get(5);
        assertTrainFails(write("label2.csv", withLine(5, row.substring(0, row.lastIndexOf(',')) + ",2")),
                "line 6", "'Class'", "label '2' must be 0 or 1");
    }

    @Test
    void nonNumericAndNanValues() throws Exception {
        String row = good.get(9);
        String[] f = row.split(",");
        f[3] = "abc";
        assertTrainFails(write("text.csv", withLine(9, String.join(",", f))), "text.csv", "line 10",
                "column 'V3'", "value 'abc' is not a number");
        f[3] = "NaN";
        assertTrainFails(write("nan.csv", withLine(9, String.join(",", f))), "line 10", "'V3'", "NaN or infinite");
    }

    @Test
    void skippedRowsAreCountedInMetricsAndManifest() throws Exception {
        String[] f = good.get(9).split(",");
        f[3] = "NaN";
        Path data = write("skip.csv", withLine(9, String.join(",", f)));
        Path out = tmp.resolve("skip-run");
        Outcome o = fraud("train", "--data", data.toString(), "--output", out.toString(), "--epochs", "1",
                "--bad-rows", "skip", "--no-baseline");
        assertEquals(0, o.code(), o.err());
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertTrue(metrics.contains("\"skipped_rows\" : 1"), metrics);
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"badRows\" : \"SKIP\""));
    }

    @Test
    void singleClass() throws Exception {
        List<String> l = new ArrayList<>();
        l.add(good.get(0));
        for (String r : good.subList(1, good.size())) {
            if (r.endsWith(",0")) {
                l.add(r);
            }
        }
        assertTrainFails(write("oneclass.csv", l), "contains only class 0");
    }

    @Test
    void badOptionsExitTwo() {
        Outcome o = fraud("train", "--dropout", "1.5", "--rows", "500", "--output", tmp.resolve("x").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--dropout"), o.err());
        assertEquals(2, fraud("train", "--bogus").code());
        assertEquals(2, fraud("train", "--rows", "100", "--fraud-rate", "2", "--output",
                tmp.resolve("y").toString()).code());
        Outcome gamma = fraud("train", "--adaptive-weights", "-1", "--rows", "500", "--output",
                tmp.resolve("g").toString());
        assertEquals(2, gamma.code(), gamma.err());
        assertTrue(gamma.err().contains("--adaptive-weights") && gamma.err().contains("found -1"), gamma.err());
        Outcome log = fraud("train", "--log-columns", "Amt", "--rows", "500", "--output", tmp.resolve("l").toString());
        assertEquals(2, log.code(), log.err());
        assertTrue(log.err().contains("--log-columns: 'Amt' is not a feature column"), log.err());
        assertFalse(Files.exists(tmp.resolve("g")) || Files.exists(tmp.resolve("l")), "no run folder");
    }

    /**
     * Mistakes about the run folder, the split or the UI port are usage errors (exit 2) named before any run folder
     * exists or any earlier file is touched (issue #18: they exited 1, a taken port left a failed run folder).
     */
    @Test
    void runFolderSplitAndPortMistakesExitTwoAndTouchNothing() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("earlier.txt"), "earlier");
        String[][] cases = {
            {"--output", file.toString()},
            {"--output", full.toString()},
            {"--split-fractions", "0.7,0.4", "--output", tmp.resolve("s").toString()},
            {"--split-fractions", "0,0.2", "--output", tmp.resolve("s").toString()},
        };
        String[] expected = {"is a file", "is not empty", "--split-fractions must", "--split-fractions must"};
        for (int i = 0; i < cases.length; i++) {
            List<String> a = new ArrayList<>(List.of("train", "--rows", "3000", "--fraud-rate", "0.05", "--epochs",
                    "1"));
            a.addAll(List.of(cases[i]));
            Outcome o = fraud(a.toArray(String[]::new));
            assertEquals(2, o.code(), String.join(" ", cases[i]) + ": " + o.err());
            assertTrue(o.err().contains(expected[i]), o.err());
        }
        assertEquals("x", Files.readString(file));
        assertEquals(List.of("earlier.txt"), Files.list(full).map(p -> p.getFileName().toString()).toList());
        assertFalse(Files.exists(tmp.resolve("s")));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            Path out = tmp.resolve("ui-run");
            Outcome o = fraud("train", "--rows", "3000", "--fraud-rate", "0.05", "--epochs", "1", "--ui",
                    "--ui-port", Integer.toString(taken.getLocalPort()), "--output", out.toString());
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("port " + taken.getLocalPort() + " is in use"), o.err());
            assertFalse(Files.exists(out), "no run folder for a taken port");
        }
    }

    @Test
    void scoreWithMismatchedColumnsOrTamperedModelWritesNothing() throws Exception {
        Path run = tmp.resolve("model-run");
        assertEquals(0, fraud("train", "--rows", "3000", "--fraud-rate", "0.05", "--epochs", "1",
                "--no-baseline", "--output", run.toString()).code());
        Path model = run.resolve("model.zip");
        List<String> l = new ArrayList<>();
        for (String r : good) {
            l.add(r.substring(r.indexOf(',') + 1));
        }
        Path noTime = write("notime.csv", l);
        Path out = tmp.resolve("scored.csv");
        Outcome o = fraud("score", "--model", model.toString(), "--data", noTime.toString(), "--output",
                out.toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("lacks the model's feature column(s) [Time]"), o.err());
        assertFalse(Files.exists(out));

        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x55;
        Path bad = Files.write(tmp.resolve("tampered.zip"), bytes);
        Outcome t = fraud("score", "--model", bad.toString(), "--data", tmp.resolve("good.csv").toString(),
                "--output", out.toString());
        assertEquals(1, t.code(), t.err());
        assertTrue(t.err().contains("tampered.zip"), t.err());
        assertFalse(Files.exists(out));
    }

    /** Outputs never clobber: an existing file needs --force, and an input is never an output (issue #18). */
    @Test
    void outputsNeverReplaceInputsAndNeedForceToReplaceAFile() throws Exception {
        Path existing = Files.writeString(tmp.resolve("keep.csv"), "precious");
        Outcome g = fraud("generate", "--output", existing.toString(), "--rows", "100");
        assertEquals(2, g.code(), g.err());
        assertTrue(g.err().contains("exists; pass --force"), g.err());
        assertEquals("precious", Files.readString(existing));
        assertEquals(0, fraud("generate", "--output", existing.toString(), "--rows", "100", "--force").code());
        assertTrue(Files.readString(existing).startsWith("Time,"));

        Path run = tmp.resolve("clobber-run");
        assertEquals(0, fraud("train", "--rows", "3000", "--fraud-rate", "0.05", "--epochs", "1", "--no-baseline",
                "--output", run.toString()).code());
        byte[] before = Files.readAllBytes(existing);
        for (String target : List.of(existing.toString(), run.resolve("model.zip").toString())) {
            Outcome o = fraud("score", "--model", run.resolve("model.zip").toString(), "--data", existing.toString(),
                    "--output", target, "--force");
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("would replace that input"), o.err());
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(existing));
    }

    /** Excel's "CSV UTF-8" byte-order mark and blank trailing lines are what users' files look like: accepted. */
    @Test
    void byteOrderMarkAndBlankTrailingLinesAreAccepted() throws Exception {
        List<String> l = new ArrayList<>(good);
        l.set(0, "\uFEFF" + l.get(0));
        l.add("");
        l.add("");
        Path f = Files.write(tmp.resolve("excel.csv"), l, StandardCharsets.UTF_8);
        Path run = tmp.resolve("excel-run");
        Outcome o = fraud("train", "--data", f.toString(), "--epochs", "1", "--max-batches", "2", "--no-baseline",
                "--output", run.toString());
        assertEquals(0, o.code(), o.err());
        String metrics = Files.readString(run.resolve("metrics.json"));
        assertTrue(metrics.contains("\"skipped_rows\" : 0"), metrics);
        assertEquals("Time", FraudModel.read(run.resolve("model.zip")).featureNames().get(0), "no BOM in the name");
        assertTrue(Files.readString(run.resolve("manifest.json")).contains("\"status\" : \"succeeded\""));
    }

    /** A diverged run (issue #18: --learning-rate 1e30 exited 0 and saved untrained weights) fails with the reason. */
    @Test
    void divergedTrainingIsAFailedRunWithoutAModel() throws Exception {
        Path run = tmp.resolve("diverged-run");
        Outcome o = fraud("train", "--rows", "3000", "--fraud-rate", "0.05", "--epochs", "2", "--no-baseline",
                "--learning-rate", "1e30", "--output", run.toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("diverged"), o.err());
        assertFalse(Files.exists(run.resolve("model.zip")));
        String manifest = Files.readString(run.resolve("manifest.json"));
        assertTrue(manifest.contains("\"status\" : \"failed\"") && manifest.contains("diverged"), manifest);
    }

    /** New transactions have no label yet: an empty or '?' label column, or none at all, scores every row. */
    @Test
    void scoringIgnoresTheLabel() throws Exception {
        Path run = tmp.resolve("unlabelled-run");
        assertEquals(0, fraud("train", "--rows", "3000", "--fraud-rate", "0.05", "--epochs", "1", "--no-baseline",
                "--output", run.toString()).code());
        List<String> l = new ArrayList<>();
        l.add(good.get(0));
        for (int i = 1; i <= 20; i++) {
            String r = good.get(i);
            l.add(r.substring(0, r.lastIndexOf(',') + 1) + (i % 2 == 0 ? "" : "?"));
        }
        Path f = write("unlabelled.csv", l);
        Path out = tmp.resolve("unlabelled-scored.csv");
        Outcome o = fraud("score", "--model", run.resolve("model.zip").toString(), "--data", f.toString(),
                "--output", out.toString());
        assertEquals(0, o.code(), o.err());
        List<String> scored = Files.readAllLines(out);
        assertEquals(21, scored.size());
        assertTrue(scored.get(0).endsWith(",Class,fraud_probability,fraud_flag"), scored.get(0));
        assertTrue(scored.get(1).contains(",?,"), scored.get(1));
    }

    /**
     * --resume continues the same run or nothing (issue #18: it accepted --hidden or --seed changes and recorded
     * options the network did not have). The refused resume leaves the finished run's files as they were.
     */
    @Test
    void resumeRefusesOtherOptionsOrDataAndLeavesTheRunUntouched() throws Exception {
        Path run = tmp.resolve("resume-run");
        String[] base = {"train", "--rows", "3000", "--fraud-rate", "0.05", "--epochs", "1", "--no-baseline",
            "--output", run.toString()};
        assertEquals(0, fraud(base).code());
        byte[] manifest = Files.readAllBytes(run.resolve("manifest.json"));
        byte[] model = Files.readAllBytes(run.resolve("model.zip"));
        String[][] changed = {{"--hidden", "32"}, {"--seed", "7"}, {"--rows", "4000"}};
        String[] expected = {"network.shape.hidden 64 -> 32", "seed 42 -> 7", "data.rows 3000 -> 4000"};
        for (int k = 0; k < changed.length; k++) {
            List<String> a = new ArrayList<>(List.of(base));
            a.add("--resume");
            int at = a.indexOf(changed[k][0]);
            if (at >= 0) {
                a.set(at + 1, changed[k][1]);
            } else {
                a.addAll(List.of(changed[k]));
            }
            Outcome o = fraud(a.toArray(String[]::new));
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains(expected[k]), o.err());
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(manifest, Files.readAllBytes(run.resolve("manifest.json")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(model, Files.readAllBytes(run.resolve("model.zip")));
        Path checkpoint = run.resolve("checkpoint.zip");
        byte[] good = Files.readAllBytes(checkpoint);
        byte[] damaged = good.clone();
        damaged[damaged.length / 2] ^= 0x55;
        Files.write(checkpoint, damaged);
        List<String> again = new ArrayList<>(List.of(base));
        again.add("--resume");
        Outcome broken = fraud(again.toArray(String[]::new));
        assertEquals(1, broken.code(), broken.err());
        assertTrue(broken.err().contains("checkpoint.zip"), broken.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(manifest, Files.readAllBytes(run.resolve("manifest.json")),
                "a failed resume does not relabel the finished run");
        Files.write(checkpoint, good);
        List<String> longer = new ArrayList<>(List.of(base));
        longer.set(longer.indexOf("--epochs") + 1, "2");
        longer.add("--resume");
        Outcome ok = fraud(longer.toArray(String[]::new));
        assertEquals(0, ok.code(), ok.err());
    }
}
