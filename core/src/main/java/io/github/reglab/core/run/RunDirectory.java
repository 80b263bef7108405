package io.github.reglab.core.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of one run. Created empty (or reused only when the user said {@code --force}); every file is written
 * to a temporary name in the same folder and then renamed, so a crash never leaves a half-written file under
 * the final name and never damages what an earlier run wrote.
 */
public final class RunDirectory {

    /** Folder under the working directory that holds default run folders. */
    public static final String DEFAULT_PARENT = "runs";

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern APP_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * Opens the run folder: the requested one, or {@code runs/<app>-<yyyyMMdd-HHmmss>} (with {@code -2},
     * {@code -3} … appended when that exists already).
     *
     * @param requested the folder the user asked for, or null for the default
     * @param app the application's name (lower case, digits and dashes)
     * @param force whether a non-empty requested folder may be written into
     * @param clock the clock for the default name
     * @return the run folder, created
     * @throws IllegalArgumentException when the requested folder is a file, or is not empty and force is false
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static RunDirectory open(Path requested, String app, boolean force, Clock clock) {
        Objects.requireNonNull(app, "app");
        if (!APP_NAME.matcher(app).matches()) {
            throw new IllegalArgumentException("app name must match " + APP_NAME + ", found '" + app + "'");
        }
        Path dir;
        if (requested != null) {
            dir = requested.toAbsolutePath().normalize();
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--output " + dir + " is a file, not a folder");
            }
            if (!force && !isEmptyOrMissing(dir)) {
                throw new IllegalArgumentException("--output " + dir + " is not empty; choose another folder or "
                        + "pass --force to write into it");
            }
        } else {
            Path parent = Path.of(DEFAULT_PARENT).toAbsolutePath();
            String base = app + "-" + LocalDateTime.now(clock).format(STAMP);
            dir = parent.resolve(base);
            for (int i = 2; Files.exists(dir); i++) {
                dir = parent.resolve(base + "-" + i);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir);
    }

    private static boolean isEmptyOrMissing(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return the folder's absolute path
     */
    public Path path() {
        return path;
    }

    /**
     * @param name a file name inside the folder
     * @return its path (the file may not exist yet)
     */
    public Path resolve(String name) {
        Path p = path.resolve(name).normalize();
        if (!p.startsWith(path)) {
            throw new IllegalArgumentException("file name '" + name + "' escapes the run folder " + path);
        }
        return p;
    }

    /**
     * Writer of a file's content, used by {@link #write(String, Content)}.
     */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to; do not close it
         * @throws IOException on a write error
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a file atomically: to a temporary file in the folder, then renamed over the final name.
     *
     * @param name the file name inside the folder
     * @param content what to write
     * @return the final path
     * @throws UncheckedIOException when writing fails (the final name is then untouched)
     */
    public Path write(String name, Content content) {
        return writeAtomically(resolve(name), content);
    }

    /**
     * Writes an object as indented JSON, atomically.
     *
     * @param name the file name inside the folder
     * @param value a Jackson-serializable object (records included)
     * @return the final path
     */
    public Path writeJson(String name, Object value) {
        return writeJsonAtomically(resolve(name), value);
    }

    /**
     * Writes an object as indented JSON anywhere, atomically.
     *
     * @param target the final path
     * @param value a Jackson-serializable object (records included)
     * @return target
     */
    public static Path writeJsonAtomically(Path target, Object value) {
        return writeAtomically(target, out -> JSON.writeValue(new NonClosingOutputStream(out), value));
    }

    /**
     * Writes a file atomically anywhere: to a temporary file beside it, then renamed over it.
     *
     * @param target the final path
     * @param content what to write
     * @return target
     * @throws UncheckedIOException when writing fails (target is then untouched)
     */
    public static Path writeAtomically(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
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
     * @return the JSON mapper used for run files (records, java.time, indented)
     */
    public static ObjectMapper json() {
        return JSON;
    }

    private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
