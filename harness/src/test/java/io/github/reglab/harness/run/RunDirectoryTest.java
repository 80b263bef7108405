package io.github.reglab.harness.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
            assertEquals(1, files.count(), "only metrics.json, no temporary leftovers");
        }
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
