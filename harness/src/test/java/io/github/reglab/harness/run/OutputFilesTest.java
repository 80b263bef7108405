package io.github.reglab.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an {@code --output} file may be. */
class OutputFilesTest {

    @TempDir
    Path tmp;

    private static String refusal(Path out, boolean force, Map<String, Path> inputs) {
        return assertThrows(OptionChecks.BadOptionException.class,
                () -> OutputFiles.checkWritable(out, force, inputs)).getMessage();
    }

    @Test
    void aNewPathOrAnExistingFileWithForceIsFine() throws IOException {
        assertEquals(tmp.resolve("new.csv"), OutputFiles.checkWritable(tmp.resolve("new.csv"), false, Map.of()));
        Path old = Files.writeString(tmp.resolve("old.csv"), "x");
        assertTrue(refusal(old, false, Map.of()).contains("--force"));
        assertEquals(old, OutputFiles.checkWritable(old, true, Map.of()));
    }

    /** A device node is refused even with --force (as root, /dev/null would otherwise be replaced by a file). */
    @Test
    void deviceNodesAreRefusedEvenWithForce() {
        Path dev = Path.of("/dev/null");
        assumeTrue(Files.exists(dev), "no /dev/null on this platform");
        assertTrue(refusal(dev, true, Map.of()).contains("not a regular file"));
    }

    @Test
    void fifosAreRefused() throws Exception {
        Path fifo = tmp.resolve("pipe");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here: " + e.getMessage());
            return;
        }
        assumeTrue(p.waitFor() == 0 && Files.exists(fifo), "mkfifo failed");
        assertTrue(refusal(fifo, true, Map.of()).contains("not a regular file"));
    }

    /** An output inside a folder the command reads (image preview into its --folder) is refused. */
    @Test
    void outputsInsideAnInputFolderAreRefused() throws IOException {
        Path images = Files.createDirectories(tmp.resolve("images/cats"));
        Map<String, Path> inputs = new HashMap<>();
        inputs.put("--folder", tmp.resolve("images"));
        inputs.put("--data", null);
        String message = refusal(images.resolve("preview.png"), true, inputs);
        assertTrue(message.contains("inside --folder"), message);
        assertEquals(tmp.resolve("preview.png"), OutputFiles.checkWritable(tmp.resolve("preview.png"), false,
                inputs));
    }

    /**
     * The race of issue #32 (two {@code fraud score} into the same new {@code --output}, neither with --force): the
     * second claim fails while the first is held, and once the first has written the file the second is refused
     * because it exists, so one result can never silently replace the other.
     */
    @Test
    void aClaimedOutputIsRefusedToASecondRunAndThenExists() throws IOException {
        Path out = tmp.resolve("scores.csv");
        try (OutputFiles.Claim first = OutputFiles.claim(out, false, Map.of())) {
            String busy = assertThrows(OptionChecks.BadOptionException.class,
                    () -> OutputFiles.claim(out, false, Map.of())).getMessage();
            assertTrue(busy.contains("being written by another run") && busy.contains(".scores.csv.lock"), busy);
            busy = assertThrows(OptionChecks.BadOptionException.class,
                    () -> OutputFiles.claim(out, true, Map.of())).getMessage();
            assertTrue(busy.contains("being written by another run"), busy);
            Files.writeString(first.output(), "first");
        }
        assertTrue(refusalToClaim(out, false).contains("exists; pass --force"));
        assertFalse(Files.exists(tmp.resolve(".scores.csv.lock")), "the lock file is deleted on release");
        try (OutputFiles.Claim again = OutputFiles.claim(out, true, Map.of())) {
            assertEquals(out, again.output());
        }
        assertEquals("first", Files.readString(out));
    }

    /** A killed run's temporary file for this output is removed by the next claim; other files are kept. */
    @Test
    void aClaimRemovesTheTemporaryFilesAKilledRunLeftForThatOutput() throws IOException {
        Path out = tmp.resolve("scores.csv");
        Path leftover = Files.writeString(tmp.resolve(".scores.csv8123456789012.tmp"), "half");
        Path otherOutputs = Files.writeString(tmp.resolve(".other.csv77.tmp"), "someone else's");
        Path notTemporary = Files.writeString(tmp.resolve(".scores.csv.backup.tmp"), "mine");
        try (OutputFiles.Claim claim = OutputFiles.claim(out, false, Map.of())) {
            assertFalse(Files.exists(leftover));
            assertTrue(Files.exists(otherOutputs) && Files.exists(notTemporary));
            assertEquals(out, claim.output());
        }
    }

    private static String refusalToClaim(Path out, boolean force) {
        return assertThrows(OptionChecks.BadOptionException.class,
                () -> OutputFiles.claim(out, force, Map.of())).getMessage();
    }
}
