package io.github.reglab.harness.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import io.github.reglab.core.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void refusesNonEmptyFolderUnlessForced() throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Path previous = Files.writeString(out.resolve("model.zip"), "earlier run");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.open(out, "fraud", false, CLOCK));
        assertTrue(e.getMessage().contains("is not empty") && e.getMessage().contains("--force"), e.getMessage());
        assertEquals("earlier run", Files.readString(previous), "the refused run must not touch earlier files");

        RunDirectory forced = RunDirectory.open(out, "fraud", true, CLOCK);
        assertEquals(out.toAbsolutePath(), forced.path());
    }

    /** Two runs into one folder in this JVM: the second fails at once; after release the folder is free again. */
    @Test
    void aClaimedFolderIsRefusedUntilReleased() throws IOException {
        Path out = tmp.resolve("shared");
        RunDirectory first = RunDirectory.open(out, "fraud", false, CLOCK);
        Files.writeString(first.resolve("model.zip"), "first run");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.open(out, "fraud", true, CLOCK));
        assertTrue(e.getMessage().contains("is in use by another run"), e.getMessage());
        assertEquals("first run", Files.readString(out.resolve("model.zip")));
        first.release();
        RunDirectory.open(out, "fraud", true, CLOCK).release();
    }

    /**
     * The race of issue #18 (two {@code fraud train --output SAME} at once): another process holds the folder, this
     * one is refused; once that process is killed, its claim is gone without any cleanup.
     */
    @Test
    void anotherProcessHoldingTheFolderIsRefusedAndItsDeathFreesIt() throws Exception {
        Path out = tmp.resolve("contended");
        Process holder = ChildJvm.startOnTestClasspath(LockHolder.class, out.toString());
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("claimed", lines.readLine());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RunDirectory.open(out, "fraud", true, CLOCK));
            assertTrue(e.getMessage().contains("is in use by another run"), e.getMessage());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        RunDirectory.open(out, "fraud", true, CLOCK).release();
    }

    /**
     * A run killed with kill -9 leaves its temporary files (a checkpoint being written); the next run that claims
     * the folder (a resume) removes them, and only them.
     */
    @Test
    void theNextRunRemovesTheTemporaryFilesOfAKilledOne() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("killed"));
        Path leftover = Files.writeString(out.resolve(".checkpoint.zip4417283645.tmp"), "half a checkpoint");
        Path kept = Files.writeString(out.resolve("checkpoint.zip"), "the last good one");
        RunDirectory dir = RunDirectory.open(out, "fraud", true, CLOCK);
        try {
            assertFalse(Files.exists(leftover));
            assertEquals("the last good one", Files.readString(kept));
        } finally {
            dir.release();
        }
    }

    /** Default folders are created exclusively: two runs in the same second get two folders. */
    @Test
    void defaultFoldersAreDistinctWithinOneSecond() {
        String saved = System.getProperty("user.dir");
        RunDirectory a = RunDirectory.open(null, "racetest", false, CLOCK);
        RunDirectory b = RunDirectory.open(null, "racetest", false, CLOCK);
        try {
            assertTrue(!a.path().equals(b.path()) && b.path().getFileName().toString().endsWith("-2"),
                    a.path() + " " + b.path());
        } finally {
            a.release();
            b.release();
            deleteTree(a.path());
            deleteTree(b.path());
            assertEquals(saved, System.getProperty("user.dir"));
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void acceptsEmptyOrMissingFolderAndRejectsAFile() throws IOException {
        assertTrue(Files.isDirectory(RunDirectory.open(tmp.resolve("a/b"), "fraud", false, CLOCK).path()));
        Path file = Files.writeString(tmp.resolve("f"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.open(file, "fraud", true, CLOCK));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }

    @Test
    void failedWriteLeavesPreviousContentAndNoTemporaryFile() throws IOException {
        RunDirectory dir = RunDirectory.open(tmp.resolve("run"), "fraud", false, CLOCK);
        dir.write("metrics.json", out -> out.write("{\"ok\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThrows(UncheckedIOException.class, () -> dir.write("metrics.json", out -> {
            out.write("{\"half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));

        assertArrayEquals("{\"ok\":1}".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(dir.resolve("metrics.json")));
        try (Stream<Path> files = Files.list(dir.path())) {
            assertEquals(java.util.List.of("metrics.json"), files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(RunDirectory.LOCK_FILE)).toList(), "no temporary leftovers");
        }
    }

    /** A finished run leaves only its own files: the lock file goes with the claim. */
    @Test
    void releaseLeavesNoLockFile() throws IOException {
        RunDirectory dir = RunDirectory.open(tmp.resolve("done"), "fraud", false, CLOCK);
        assertTrue(Files.exists(dir.resolve(RunDirectory.LOCK_FILE)), "held while the run runs");
        Files.writeString(dir.resolve("metrics.json"), "{}");
        dir.release();
        dir.release();
        try (Stream<Path> files = Files.list(dir.path())) {
            assertEquals(java.util.List.of("metrics.json"), files.map(p -> p.getFileName().toString()).toList());
        }
        RunDirectory.open(dir.path(), "fraud", true, CLOCK).release();
    }

    /** A record's camelCase properties beside a map's snake_case keys: one style in the metrics file. */
    record Counts(long truePositives, double zeroFraction) {
    }

    @Test
    void metricsFilesUseOneKeyStyle() throws IOException {
        RunDirectory dir = RunDirectory.open(tmp.resolve("metrics"), "fraud", false, CLOCK);
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("average_precision", 0.5);
        m.put("at_threshold", new Counts(3, 0.25));
        dir.writeMetrics("metrics.json", m);
        dir.release();
        assertEquals("{\"average_precision\":0.5,\"at_threshold\":{\"true_positives\":3,\"zero_fraction\":0.25}}",
                Files.readString(dir.resolve("metrics.json")).replaceAll("\\s", ""));
    }

    @Test
    void rejectsNamesThatEscapeTheFolder() {
        RunDirectory dir = RunDirectory.open(tmp.resolve("run"), "fraud", false, CLOCK);
        assertThrows(IllegalArgumentException.class, () -> dir.resolve("../outside.txt"));
    }

    @Test
    void rejectsBadAppName() {
        assertThrows(IllegalArgumentException.class, () -> RunDirectory.open(tmp, "Fraud App", false, CLOCK));
    }
}
