package io.github.reglab.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

import io.github.reglab.core.io.AtomicFiles;

/**
 * The folder of one run. Created empty (or reused only when the user said {@code --force}); every file is written
 * to a temporary name in the same folder and then renamed, so a crash never leaves a half-written file under
 * the final name and never damages what an earlier run wrote.
 */
public final class RunDirectory {

    /** Folder under the working directory that holds default run folders. */
    public static final String DEFAULT_PARENT = "runs";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern APP_NAME = Pattern.compile("[a-z][a-z0-9-]*");

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
        return AtomicFiles.writeJson(resolve(name), value);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
