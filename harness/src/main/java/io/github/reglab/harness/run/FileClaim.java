package io.github.reglab.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operating-system lock on a lock file, held while a run writes what the lock stands for (a run folder, an
 * output file). The lock dies with the process, so a killed run leaves no stale claim; {@link #close()} deletes
 * the lock file while still holding it, then lets it go.
 */
final class FileClaim implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileClaim.class);

    private final Path lockFile;
    private final FileChannel channel;

    private FileClaim(Path lockFile, FileChannel channel) {
        this.lockFile = lockFile;
        this.channel = channel;
    }

    /**
     * Takes the lock at once or fails.
     *
     * @param lockFile the lock file (created when missing; its folder must exist)
     * @param inUse the error when another run holds it
     * @return the claim
     * @throws UncheckedIOException when the lock file cannot be opened
     */
    static FileClaim take(Path lockFile, Supplier<? extends RuntimeException> inUse) {
        FileChannel channel = null;
        try {
            for (int attempt = 0; ; attempt++) {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    throw inUse.get();
                }
                if (Files.exists(lockFile) || attempt == 2) {
                    return new FileClaim(lockFile, channel);
                }
                // the previous holder deleted the file between our open and our lock: claim a fresh file
                channel.close();
            }
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse.get();
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot take the lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the files of a folder that a killed run left behind (its temporary files), naming each one. Call it
     * only while holding the claim that covers them.
     *
     * @param dir the folder
     * @param leftover which file names are leftovers
     * @return the files removed
     */
    static List<Path> removeLeftovers(Path dir, Predicate<String> leftover) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> leftover.test(p.getFileName().toString()))) {
            for (Path p : s) {
                if (Files.isRegularFile(p) && Files.deleteIfExists(p)) {
                    removed.add(p);
                    LOG.info("Removed {}, a temporary file an interrupted run left behind", p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary files left in " + dir + ": "
                    + e.getMessage(), e);
        }
        return removed;
    }

    /**
     * @return whether the claim is still held
     */
    boolean held() {
        return channel.isOpen();
    }

    /** Deletes the lock file while still holding it, then releases the lock (idempotent). */
    @Override
    public void close() {
        if (channel.isOpen()) {
            try {
                Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                LOG.warn("Could not delete the lock file {}: {}", lockFile, e.getMessage());
            }
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Could not release a lock: {}", e.getMessage());
            }
        }
    }
}
