package io.github.reglab.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.reglab.core.io.AtomicFiles;

/**
 * Checks and claims an {@code --output FILE} before anything is written: it never replaces an input, a folder or
 * a device node, replaces an existing file only when the user said {@code --force}, and is written by one run at
 * a time ({@link #claim}). Usage errors (exit code 2), so nothing runs.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Checks an output file.
     *
     * @param output the file to write
     * @param force whether an existing file may be replaced
     * @param inputs the command's input files by option name (e.g. {@code --data}), which the output must not be
     * @return output
     * @throws OptionChecks.BadOptionException when output is an input or inside an input folder, a folder, not a
     *     regular file, or exists without force
     */
    public static Path checkWritable(Path output, boolean force, Map<String, Path> inputs) {
        Path out = output.toAbsolutePath().normalize();
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (in.getValue() != null && same(out, in.getValue())) {
                throw new OptionChecks.BadOptionException("--output " + output + " is also " + in.getKey()
                        + "; writing it would replace that input: choose another file");
            }
            if (in.getValue() != null && Files.isDirectory(in.getValue())
                    && out.startsWith(in.getValue().toAbsolutePath().normalize())) {
                throw new OptionChecks.BadOptionException("--output " + output + " is inside " + in.getKey() + " "
                        + in.getValue() + ", which is read as input: choose a file outside it");
            }
        }
        if (Files.isDirectory(out)) {
            throw new OptionChecks.BadOptionException("--output " + output + " is a folder; name a file");
        }
        if (Files.exists(out) && !Files.isRegularFile(out)) {
            // a device node, FIFO or socket: replacing it (as root, /dev/null) is never what was meant
            throw new OptionChecks.BadOptionException("--output " + output + " is not a regular file (a device, "
                    + "FIFO or socket); name a regular file or a new path");
        }
        if (Files.exists(out) && !force) {
            throw new OptionChecks.BadOptionException("--output " + output + " exists; pass --force to replace it");
        }
        return output;
    }

    /**
     * Checks an output file and claims it for this run: an operating-system lock on {@code .<name>.lock} beside it,
     * held until the claim is closed (or the process ends), so a second run into the same file fails at once
     * instead of racing the first; the checks are repeated once the lock is held. Temporary files a killed run
     * left for this output are removed (and named in the log).
     *
     * @param output the file to write
     * @param force whether an existing file may be replaced
     * @param inputs the command's input files by option name, which the output must not be
     * @return the claim; write the output, then close it
     * @throws OptionChecks.BadOptionException as {@link #checkWritable}, or when another run holds the output
     */
    public static Claim claim(Path output, boolean force, Map<String, Path> inputs) {
        checkWritable(output, force, inputs);
        Path out = output.toAbsolutePath().normalize();
        Path dir = out.getParent();
        String name = out.getFileName().toString();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of --output " + output + ": " + e.getMessage(), e);
        }
        FileClaim lock = FileClaim.take(dir.resolve("." + name + ".lock"), () -> new OptionChecks.BadOptionException(
                "--output " + output + " is being written by another run (it holds ." + name + ".lock beside it); "
                        + "wait for it to end or choose another file"));
        try {
            checkWritable(output, force, inputs); // another run may have written it between the check and the lock
            FileClaim.removeLeftovers(dir, file -> AtomicFiles.isTemporaryName(file, name));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return new Claim(output, lock);
    }

    /**
     * One run's claim on an output file.
     */
    public static final class Claim implements AutoCloseable {
        private final Path output;
        private final FileClaim lock;

        private Claim(Path output, FileClaim lock) {
            this.output = output;
            this.lock = lock;
        }

        /**
         * @return the claimed file (as given)
         */
        public Path output() {
            return output;
        }

        /** Releases the claim (idempotent); the output stays. */
        @Override
        public void close() {
            lock.close();
        }
    }

    private static boolean same(Path out, Path input) {
        Path in = input.toAbsolutePath().normalize();
        if (in.equals(out)) {
            return true;
        }
        try {
            return Files.exists(out) && Files.exists(in) && Files.isSameFile(out, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + out + " with " + in + ": " + e.getMessage(), e);
        }
    }
}
