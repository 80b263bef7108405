package io.github.reglab.harness.run;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Test helper run in a second JVM: starts a run in the given folder and waits inside it until it is stopped. */
public final class InterruptedRun {

    private InterruptedRun() {
    }

    /** The run's resolved options, as commands record them. */
    record Options(int epochs) {
    }

    /**
     * Starts the run and waits.
     *
     * @param args the run folder
     */
    public static void main(String[] args) {
        RunContext run = RunContext.start("fraud", "train", List.of(), Path.of(args[0]), false, 1, new Options(3),
                Clock.systemUTC());
        run.execute(ctx -> {
            System.out.println("running");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return null;
        });
    }
}
