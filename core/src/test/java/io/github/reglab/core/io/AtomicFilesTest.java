package io.github.reglab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.reglab.core.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A process stopped in the middle of a write (issue #18: a killed scoring run left 622 MB of hidden temporary
     * files) leaves neither a temporary file nor a half-written target, and the earlier content stays.
     */
    @Test
    void aStoppedWriterLeavesNoTemporaryFileAndTheOldContent() throws Exception {
        Path target = Files.writeString(tmp.resolve("scored.csv"), "earlier");
        Process child = ChildJvm.startOnTestClasspath(SlowWriter.class, target.toString());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("writing", r.readLine());
            assertEquals(2, names().size(), "the temporary file exists while writing: " + names());
            child.destroy(); // SIGTERM, as kill or Ctrl-C
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(List.of("scored.csv"), names());
        assertEquals("earlier", Files.readString(target));
    }

    /**
     * The temporary name a write uses is what {@link AtomicFiles#isTemporaryName} recognizes (the next run removes
     * the ones a killed run left), and nothing else in the folder is.
     */
    @Test
    void theTemporaryNameIsRecognizedForItsTargetOnly() throws Exception {
        String[] seen = new String[1];
        AtomicFiles.write(tmp.resolve("model.zip"), out -> {
            try (Stream<Path> files = Files.list(tmp)) {
                seen[0] = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).findFirst()
                        .orElseThrow();
            }
        });
        assertTrue(AtomicFiles.isTemporaryName(seen[0]), seen[0]);
        assertTrue(AtomicFiles.isTemporaryName(seen[0], "model.zip"), seen[0]);
        assertFalse(AtomicFiles.isTemporaryName(seen[0], "model"), seen[0]);
        assertFalse(AtomicFiles.isTemporaryName("model.zip"));
        assertFalse(AtomicFiles.isTemporaryName(".reglab-run.lock"));
        assertFalse(AtomicFiles.isTemporaryName(".model.zip.tmp", "model.zip"));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws Exception {
        try {
            AtomicFiles.write(tmp.resolve("x.json"), out -> {
                throw new java.io.IOException("disk full");
            });
        } catch (java.io.UncheckedIOException expected) {
            assertTrue(expected.getMessage().contains("disk full"));
        }
        assertFalse(Files.exists(tmp.resolve("x.json")));
        assertEquals(List.of(), names());
    }
}
