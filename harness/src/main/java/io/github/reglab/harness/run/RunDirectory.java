package io.github.reglab.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

import io.github.reglab.core.io.AtomicFiles;
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

    /** The lock file a run holds in its folder for as long as it runs. */
    public static final String LOCK_FILE = ".reglab-run.lock";

    private final Path path;
    private final FileClaim claim;

    private RunDirectory(Path path, FileClaim claim) {
        this.path = path;
        this.claim = claim;
    }

    /**
     * Opens and claims the run folder: the requested one, or {@code runs/<app>-<yyyyMMdd-HHmmss>} (with {@code -2},
     * {@code -3} … appended when that exists already, each created exclusively). The claim is an operating-system
     * lock on {@value #LOCK_FILE} in the folder, held until {@link #release()} or the end of the process (a killed
     * run leaves no stale claim); a second run into the same folder, even with {@code --force} or
     * {@code --resume}, fails at once and leaves the first untouched.
     *
     * @param requested the folder the user asked for, or null for the default
     * @param app the application's name (lower case, digits and dashes)
     * @param force whether a non-empty requested folder may be written into
     * @param clock the clock for the default name
     * @return the run folder, created and claimed
     * @throws IllegalArgumentException when the requested folder is a file, is not empty and force is false, or
     *     another run holds it
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static RunDirectory open(Path requested, String app, boolean force, Clock clock) {
        Objects.requireNonNull(app, "app");
        if (!APP_NAME.matcher(app).matches()) {
            throw new IllegalArgumentException("app name must match " + APP_NAME + ", found '" + app + "'");
        }
        Path dir;
        try {
            if (requested != null) {
                dir = requested.toAbsolutePath().normalize();
                if (Files.exists(dir) && !Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("--output " + dir + " is a file, not a folder");
                }
                if (!force && Files.isDirectory(dir) && !isEmptyButTheLock(dir)) {
                    throw notEmpty(dir); // refused without leaving anything behind
                }
                Files.createDirectories(dir);
            } else {
                Path parent = Files.createDirectories(Path.of(DEFAULT_PARENT).toAbsolutePath());
                String base = app + "-" + LocalDateTime.now(clock).format(STAMP);
                dir = parent.resolve(base);
                for (int i = 2; !createdExclusively(dir); i++) {
                    dir = parent.resolve(base + "-" + i);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + e.getMessage(), e);
        }
        Path folder = dir;
        FileClaim lock = FileClaim.take(dir.resolve(LOCK_FILE), () -> inUse(folder));
        if (requested != null && !force && !isEmptyButTheLock(dir)) {
            // filled by another process between the first check and the claim
            lock.close();
            throw notEmpty(dir);
        }
        // a run killed in this folder (kill -9, power loss) left its temporary files: the claim makes them ours
        FileClaim.removeLeftovers(dir, AtomicFiles::isTemporaryName);
        return new RunDirectory(dir, lock);
    }

    private static boolean createdExclusively(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static IllegalArgumentException notEmpty(Path dir) {
        return new IllegalArgumentException("--output " + dir + " is not empty; choose another folder or pass --force "
                + "to write into it");
    }

    private static IllegalArgumentException inUse(Path dir) {
        return new IllegalArgumentException("--output " + dir + " is in use by another run (it holds "
                + LOCK_FILE + " there); wait for it to end or choose another folder");
    }

    private static boolean isEmptyButTheLock(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!p.getFileName().toString().equals(LOCK_FILE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Releases the claim on the folder (idempotent): deletes the lock file while still holding it, then lets it go;
     * the run's own files stay. A killed process cannot delete it, but its lock dies with it.
     */
    public void release() {
        claim.close();
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
     * Writes a file atomically: to a temporary file in the folder, then renamed over the final name.
     *
     * @param name the file name inside the folder
     * @param content what to write
     * @return the final path
     * @throws UncheckedIOException when writing fails (the final name is then untouched)
     */
    public Path write(String name, AtomicFiles.Content content) {
        return AtomicFiles.write(resolve(name), content);
    }

    /**
     * Writes an object as indented JSON, atomically.
     *
     * @param name the file name inside the folder
     * @param value a Jackson-serializable object (records included)
     * @return the final path
     */
    public Path writeJson(String name, Object value) {
        return AtomicFiles.write(resolve(name), out -> Json.mapper().writeValue(out, value));
    }

    /**
     * Writes a metrics file atomically, every key in snake_case ({@link Json#reports()}).
     *
     * @param name the file name inside the folder, e.g. {@code metrics.json}
     * @param value what to write: maps, lists, records
     * @return the final path
     * @throws UncheckedIOException when writing fails (the final name is then untouched)
     */
    public Path writeMetrics(String name, Object value) {
        return AtomicFiles.write(resolve(name), out -> Json.reports().writeValue(out, value));
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
