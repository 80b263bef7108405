package io.github.reglab.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks an {@code --output FILE} before anything is written: it never replaces an input, and replaces an existing
 * file only when the user said {@code --force}. Usage errors (exit code 2), so nothing runs.
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
