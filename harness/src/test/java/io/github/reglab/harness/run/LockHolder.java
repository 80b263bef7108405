package io.github.reglab.harness.run;

import java.nio.file.Path;
import java.time.Clock;

/** A second process for {@link RunDirectoryTest}: claims a run folder, says so, and holds it until killed. */
public final class LockHolder {

    private LockHolder() {
    }

    /**
     * Claims the folder and waits.
     *
     * @param args the folder
     * @throws InterruptedException never in practice (the test kills this process)
     */
    public static void main(String[] args) throws InterruptedException {
        RunDirectory.open(Path.of(args[0]), "fraud", true, Clock.systemUTC());
        System.out.println("claimed");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
