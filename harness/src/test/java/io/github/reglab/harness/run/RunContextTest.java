package io.github.reglab.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunContextTest {

    @TempDir
    Path tmp;

    /**
     * A clock that advances 2.5 s on every reading, so the recorded wall time is known exactly: start reads once,
     * the first (running) manifest once, addInput's manifest once and the final manifest once; wall time is the
     * final reading minus the start reading = 3 × 2.5 s = 7.5 s.
     */
    private static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-01-02T03:04:05Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant t = now;
            now = now.plus(Duration.ofMillis(2500));
            return t;
        }
    }

    /** A command's resolved options, as commands record them. */
    record Options(int hidden, double dropout) {
    }

    @Test
    void executeRecordsSuccessAndReturnsTheBodysResult() throws Exception {
        CommonOptions common = new CommonOptions().set(7, 3, 32, tmp.resolve("run"), false, 0);
        RunContext run = RunContext.start("fraud", "train", List.of(), common, new Options(8, 0), Clock.systemUTC());
        assertEquals("done", run.execute(ctx -> {
            assertEquals("running", ctx.manifest().status());
            return "done";
        }));
        JsonNode m = Json.mapper().readTree(run.directory().resolve(RunManifest.FILE_NAME).toFile());
        assertEquals("succeeded", m.get("status").asText());
        assertEquals(8, m.get("configuration").get("hidden").asInt());
    }

    @Test
    void manifestHasEveryFieldAndIsParseable() throws Exception {
        Path data = Files.writeString(tmp.resolve("data.csv"), "abc");
        CommonOptions common = new CommonOptions().set(7, 3, 32, tmp.resolve("run"), false, 0);

        RunContext run = RunContext.start("fraud", "train", List.of("--epochs", "3"), common,
                new Options(64, 0.1), new SteppingClock());
        JsonNode running = Json.mapper().readTree(run.directory().resolve(RunManifest.FILE_NAME).toFile());
        assertEquals("running", running.get("status").asText());

        run.addInput(data);
        run.timing("train", 1.25);
        run.succeeded();

        JsonNode m = Json.mapper().readTree(run.directory().resolve(RunManifest.FILE_NAME).toFile());
        for (String field : List.of("app", "command", "arguments", "configuration", "seed", "backend", "versions",
                "inputs", "started", "finished", "wallSeconds", "status", "timings")) {
            assertTrue(m.hasNonNull(field), "manifest lacks " + field + ": " + m);
        }
        assertEquals("fraud", m.get("app").asText());
        assertEquals("succeeded", m.get("status").asText());
        assertEquals(7, m.get("seed").asLong());
        assertEquals(64, m.get("configuration").get("hidden").asInt());
        assertEquals(7.5, m.get("wallSeconds").asDouble(), 1e-9);
        assertEquals(1.25, m.get("timings").get("train").asDouble(), 0);
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                m.get("inputs").get(0).get("sha256").asText());
        assertEquals(3, m.get("inputs").get(0).get("bytes").asLong());
        assertFalse(m.get("backend").get("backend").asText().isEmpty());
        assertEquals("1.0.0-M2.1", m.get("versions").get("dl4j").asText());
        assertNotNull(m.get("versions").get("java").asText());
        assertFalse(m.get("versions").get("os").asText().isEmpty());
    }

    @Test
    void failedRunRecordsTheError() throws Exception {
        CommonOptions common = new CommonOptions().set(7, 3, 32, tmp.resolve("run"), false, 0);
        RunContext run = RunContext.start("fraud", "train", List.of(), common, new Options(8, 0), Clock.systemUTC());
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> run.execute(ctx -> {
            throw new IllegalStateException("loss diverged");
        }));
        assertEquals("loss diverged", thrown.getMessage());
        JsonNode m = Json.mapper().readTree(run.directory().resolve(RunManifest.FILE_NAME).toFile());
        assertEquals("failed", m.get("status").asText());
        assertEquals("loss diverged", m.get("error").asText());
    }

    /**
     * A run stopped by SIGTERM (what {@code Process.destroy} sends on Unix, and {@code kill} by default) ends with
     * the manifest saying {@code interrupted}, with a finish time, and no lock file left behind.
     */
    @Test
    void aTerminatedRunsManifestSaysInterrupted() throws Exception {
        Path folder = tmp.resolve("terminated");
        Process child = io.github.reglab.core.testing.ChildJvm.startOnTestClasspath(InterruptedRun.class,
                folder.toString());
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            assertEquals("running", out.readLine());
            child.destroy();
            assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the child did not stop");
        } finally {
            child.destroyForcibly();
        }
        com.fasterxml.jackson.databind.JsonNode m = Json.mapper().readTree(folder.resolve(RunManifest.FILE_NAME)
                .toFile());
        assertEquals(RunManifest.INTERRUPTED, m.get("status").asText());
        assertTrue(m.hasNonNull("finished") && m.get("error").asText().contains("SIGTERM"), m.toString());
        assertTrue(java.nio.file.Files.notExists(folder.resolve(RunDirectory.LOCK_FILE)));
    }
}
