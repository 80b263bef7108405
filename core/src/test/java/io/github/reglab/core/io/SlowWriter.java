package io.github.reglab.core.io;

import java.nio.file.Path;

/** A second process for {@link AtomicFilesTest}: starts an atomic write, says so, and never finishes it. */
public final class SlowWriter {

    private SlowWriter() {
    }

    /**
     * Writes the first bytes of a file and waits until killed.
     *
     * @param args the target file
     */
    public static void main(String[] args) {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write(new byte[1 << 20]);
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
