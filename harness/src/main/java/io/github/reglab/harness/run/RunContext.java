package io.github.reglab.harness.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.backend.BackendInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's folder and record: opens the folder, logs the backend, and keeps {@code manifest.json} up to date
 * from start ({@code running}) to end ({@code succeeded} or {@code failed}).
 *
 * <p>The configuration is a record of the command's resolved options, so that the compiler, not a hand-filled
 * map, makes sure every part of it is recorded. {@link #execute(Body)} is the one envelope of a command's work:
 *
 * <pre>{@code
 * RunContext run = RunContext.start("fraud", "train", args, common, configuration, Clock.systemDefaultZone());
 * return run.execute(ctx -> {
 *     ... r.directory().write(...) ...
 *     return result;
 * });
 * }</pre>
 */
public final class RunContext {

    private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);

    private final String app;
    private final String command;
    private final List<String> arguments;
    private final Record configuration;
    private final long seed;
    private final RunDirectory directory;
    private final BackendInfo backend;
    private final Versions versions;
    private final Clock clock;
    private final Instant started;
    private final List<InputFile> inputs = new ArrayList<>();
    private final Map<String, Double> timings = new LinkedHashMap<>();
    private RunManifest last;
    /** Whether the final manifest (succeeded, failed or interrupted) is written. */
    private boolean ended;

    private RunContext(String app, String command, List<String> arguments, Record configuration, long seed,
            RunDirectory directory, BackendInfo backend, Clock clock) {
        this.app = app;
        this.command = command;
        this.arguments = List.copyOf(arguments);
        this.configuration = configuration;
        this.seed = seed;
        this.directory = directory;
        this.backend = backend;
        this.versions = Versions.current();
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * Opens the run folder, detects the backend, logs both and writes the first manifest.
     *
     * @param app the application's name
     * @param command the subcommand
     * @param arguments the command line as given
     * @param common the shared options (output folder, force, seed)
     * @param configuration the resolved options, a Jackson-serializable record
     * @param clock the clock for times and the default folder name
     * @return the started run
     */
    public static RunContext start(String app, String command, List<String> arguments, CommonOptions common,
            Record configuration, Clock clock) {
        return start(app, command, arguments, common.output(), common.force(), common.seed(), configuration, clock);
    }

    /**
     * Opens the run folder, detects the backend, logs both and writes the first manifest.
     *
     * @param app the application's name
     * @param command the subcommand
     * @param arguments the command line as given
     * @param output the requested folder, or null for the default
     * @param force whether a non-empty folder may be written into (resuming a run, for example)
     * @param seed the run's seed
     * @param configuration the resolved options, a Jackson-serializable record
     * @param clock the clock for times and the default folder name
     * @return the started run
     */
    public static RunContext start(String app, String command, List<String> arguments, Path output, boolean force,
            long seed, Record configuration, Clock clock) {
        // a folder that is a file, not empty, or in use is a usage error (exit 2), like any other bad option
        RunDirectory dir = OptionChecks.asBadOption(() -> RunDirectory.open(output, app, force, clock));
        BackendInfo backend = BackendInfo.detect();
        LOG.info("Run folder: {}", dir.path());
        LOG.info("Backend: {}", backend.summary());
        RunContext run = new RunContext(app, command, arguments, configuration, seed, dir, backend, clock);
        run.writeManifest(RunManifest.RUNNING, null);
        return run;
    }

    /**
     * @return the run folder
     */
    public RunDirectory directory() {
        return directory;
    }

    /**
     * @return the backend description recorded in the manifest
     */
    public BackendInfo backend() {
        return backend;
    }

    /**
     * Records an input data file (path, size, SHA-256) in the manifest.
     *
     * @param file the file
     */
    public void addInput(Path file) {
        addInput(InputFile.of(file));
    }

    /**
     * Records an input data file already described (hashed once by the caller).
     *
     * @param file the file's description
     */
    public void addInput(InputFile file) {
        inputs.add(file);
        writeManifest(RunManifest.RUNNING, null);
    }

    /**
     * Records a named wall time.
     *
     * @param name e.g. {@code train}
     * @param seconds the time in seconds
     */
    public void timing(String name, double seconds) {
        timings.put(name, seconds);
    }

    /**
     * A command's work inside its run.
     *
     * @param <T> what the work produces
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Does the work.
         *
         * @param run the run, for its folder, inputs and timings
         * @return the outcome
         */
        T run(RunContext run);
    }

    /**
     * Runs a command's work and records how it ended: {@code succeeded} when it returns, {@code failed} with the
     * error's message when it throws (the exception is then rethrown unchanged; files written so far stay).
     *
     * @param <T> what the work produces
     * @param body the work
     * @return what the work produced
     */
    public <T> T execute(Body<T> body) {
        // SIGTERM or Ctrl-C while the body runs: the manifest says so instead of staying 'running' forever
        Thread hook = new Thread(this::interrupted, "reglab-run-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        T result;
        try {
            result = body.run(this);
        } catch (RuntimeException | Error e) {
            removeHook(hook);
            failed(e);
            throw e;
        }
        removeHook(hook);
        succeeded();
        return result;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (or ran) and records the interruption
            LOG.debug("Shutdown under way; the run's interruption hook stays: {}", e.getMessage());
        }
    }

    /** The shutdown hook's work: the final manifest of a run stopped from outside, unless it already ended. */
    private synchronized void interrupted() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            writeManifest(RunManifest.INTERRUPTED, "stopped from outside (SIGTERM or Ctrl-C) before it finished");
        } catch (RuntimeException e) {
            LOG.warn("Could not record the interruption in {}: {}", directory.resolve(RunManifest.FILE_NAME),
                    e.getMessage());
        }
        directory.release();
    }

    /**
     * Marks the run succeeded and writes the final manifest.
     *
     * @return the manifest written
     */
    public synchronized RunManifest succeeded() {
        ended = true;
        RunManifest m = writeManifest(RunManifest.SUCCEEDED, null);
        directory.release();
        return m;
    }

    /**
     * Marks the run failed and writes the final manifest; the files written so far stay.
     *
     * @param error the failure
     * @return the manifest written
     */
    public synchronized RunManifest failed(Throwable error) {
        ended = true;
        String msg = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        RunManifest m = writeManifest(RunManifest.FAILED, msg);
        directory.release();
        return m;
    }

    /**
     * @return the manifest last written
     */
    public RunManifest manifest() {
        return last;
    }

    private synchronized RunManifest writeManifest(String status, String error) {
        boolean running = RunManifest.RUNNING.equals(status);
        Instant now = clock.instant();
        last = new RunManifest(app, command, arguments, configuration, seed, backend, versions, inputs, started,
                running ? null : now, running ? 0 : Duration.between(started, now).toNanos() / 1e9, status, error,
                timings);
        directory.writeJson(RunManifest.FILE_NAME, last);
        return last;
    }
}
