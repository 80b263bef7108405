package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.reglab.core.backend.NativeSetup;
import io.github.reglab.core.testing.Blobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training JVM (SIGKILL) in the middle of training, resumes from its last checkpoint, and checks that at
 * most one epoch was lost and training completes with a contiguous history.
 */
class CheckpointKillTest {

    private static final int MAX_EPOCHS = 30;
    private static final int KILL_AFTER_CHECKPOINT_EPOCH = 4;
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path tmp;

    @Test
    void killedRunResumesLosingAtMostOneEpoch() throws Exception {
        Path ckpt = tmp.resolve(Checkpoints.FILE_NAME);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(NativeSetup.jvmFlags());
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        for (String key : List.of("org.bytedeco.javacpp.platform.extension", "org.eclipse.deeplearning4j.helpers.disable",
                "org.bytedeco.javacpp.maxbytes", "org.bytedeco.javacpp.maxphysicalbytes")) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-Xmx1g");
        cmd.add(TrainChild.class.getName());
        cmd.add(ckpt.toString());
        cmd.add(Integer.toString(MAX_EPOCHS));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicInteger lastEpochDone = new AtomicInteger(-1);
        AtomicReference<Exception> readError = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("EPOCH ")) {
                        lastEpochDone.set(Integer.parseInt(line.substring(6).trim()));
                    }
                }
            } catch (java.io.IOException e) {
                readError.set(e);
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        int checkpointed = -1;
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.exists(ckpt)) {
                checkpointed = Checkpoints.read(ckpt).state().nextEpoch();
                if (checkpointed >= KILL_AFTER_CHECKPOINT_EPOCH) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        assertTrue(child.isAlive(), "the child must still be training when killed (checkpoint epoch " + checkpointed
                + ")");
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        reader.join(10_000);
        assertEquals(null, readError.get(), "a killed child's output ends with EOF, not an error");

        int resumeAt = Checkpoints.read(ckpt).state().nextEpoch();
        int epochsDone = lastEpochDone.get() + 1;
        assertTrue(resumeAt >= KILL_AFTER_CHECKPOINT_EPOCH, "checkpoint at " + resumeAt);
        assertTrue(epochsDone - resumeAt <= 1, "lost " + (epochsDone - resumeAt) + " epochs (done " + epochsDone
                + ", checkpoint " + resumeAt + ")");
        assertTrue(resumeAt < MAX_EPOCHS, "killed before the end");

        TrainingResult r = new Trainer(TrainChild.spec(MAX_EPOCHS)).checkpointTo(ckpt)
                .resume(ckpt, Blobs.iterator(TrainChild.train(), 64), Blobs.iterator(TrainChild.valid(), 300));
        assertEquals(resumeAt, r.resumedFromEpoch());
        assertEquals(MAX_EPOCHS, r.history().epochs().size());
        for (int e = 0; e < MAX_EPOCHS; e++) {
            assertEquals(e, r.history().epochs().get(e).epoch());
        }
        assertEquals(MAX_EPOCHS, Checkpoints.read(ckpt).state().nextEpoch());
    }
}
