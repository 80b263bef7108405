package io.github.reglab.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.reglab.core.internal.LibraryJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files so that a crash never leaves a half-written file under the final name: the content goes to a
 * temporary file beside the target, which is then renamed over it (atomically where the file system allows).
 * Whatever the target held before stays intact when writing fails, and the temporary file is removed on every
 * path but a hard kill: on failure at once, and when the JVM is stopped (Ctrl-C, {@code kill}) by a shutdown hook.
 *
 * <p>{@link #writeJson} writes the library's own JSON files (checkpoint state, training histories) with DL4J's
 * shaded Jackson, so that they read back what they wrote and reusing {@code core} adds no Jackson of its own.
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** Temporary files being written now; a shutdown hook removes them if the JVM is stopped (Ctrl-C, kill). */
    private static final java.util.Set<Path> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** How long the shutdown hook lets writes under way finish before it removes their temporary files. */
    private static final long FINISH_MILLIS = 5_000;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::removeUnfinished, "reglab-temp-cleanup"));
    }

    /**
     * The shutdown hook's work. Other threads keep running while the JVM shuts down, and other shutdown hooks write
     * files too (a run's final manifest says it was interrupted), all at the same time as this one: so only the
     * writes that had begun when it started are its business, and those get {@link #FINISH_MILLIS} to finish (a
     * finished write renames its temporary file away) before what is left of them is removed.
     */
    private static void removeUnfinished() {
        java.util.List<Path> started = java.util.List.copyOf(IN_FLIGHT);
        long deadline = System.nanoTime() + FINISH_MILLIS * 1_000_000;
        while (started.stream().anyMatch(IN_FLIGHT::contains) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Path p : started) {
            if (!IN_FLIGHT.contains(p)) {
                continue;
            }
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the JVM is stopping; a leftover temporary file is all that can go wrong here
                LOG.warn("Could not delete temporary file {}: {}", p, e.getMessage());
            }
        }
    }

    /** The temporary names {@link #write} uses: {@code .<target name><digits>.tmp} ({@code Files.createTempFile}). */
    private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("\\..+\\d+\\.tmp");

    private AtomicFiles() {
    }

    /**
     * Whether a file name is one of the temporary names {@link #write} uses, for any target in the folder. A run
     * that holds a folder removes the ones a killed run left.
     *
     * @param fileName a file name (no folder)
     * @return whether it has the form {@code .<target name><digits>.tmp}
     */
    public static boolean isTemporaryName(String fileName) {
        return TEMPORARY.matcher(fileName).matches();
    }

    /**
     * Whether a file name is one of the temporary names {@link #write} uses for the given target.
     *
     * @param fileName a file name (no folder)
     * @param target the target's file name
     * @return whether it has the form {@code .<target><digits>.tmp}
     */
    public static boolean isTemporaryName(String fileName, String target) {
        String prefix = "." + target;
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".tmp")) {
            return false;
        }
        String middle = fileName.substring(prefix.length(), fileName.length() - ".tmp".length());
        return !middle.isEmpty() && middle.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Writer of a file's content.
     */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out the stream to write to; do not close it
         * @throws IOException on a write error
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a file atomically: to a temporary file beside it, then renamed over it. Missing parent folders are
     * created.
     *
     * @param target the final path
     * @param content what to write
     * @return target
     * @throws UncheckedIOException when writing fails (target is then untouched)
     */
    public static Path write(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            IN_FLIGHT.add(tmp);
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                // createTempFile makes the file private (rw-------); results are ordinary files
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                IN_FLIGHT.remove(tmp);
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // A leftover temporary file is harmless; the original error (if any) is the one to report.
                    LOG.warn("Could not delete temporary file {}: {}", tmp, e.getMessage());
                }
            }
        }
    }

    /**
     * Writes an object as indented JSON, atomically.
     *
     * @param target the final path
     * @param value a Jackson-serializable object (records included)
     * @return target
     * @throws UncheckedIOException when writing fails (target is then untouched)
     */
    public static Path writeJson(Path target, Object value) {
        return write(target, out -> LibraryJson.mapper().writeValue(out, value));
    }
}
