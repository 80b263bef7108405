package io.github.reglab.harness.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.backend.BackendInfo;

/**
 * Everything needed to know what a run did and to repeat it; written as {@code manifest.json} in the run folder
 * when the run starts (status {@code running}) and again when it ends ({@code succeeded} or {@code failed}).
 *
 * @param app the application ({@code fraud}, {@code image}, …)
 * @param command the subcommand ({@code train}, …)
 * @param arguments the command line as given
 * @param configuration the full, resolved configuration (every option with its value)
 * @param seed the run's seed
 * @param backend the ND4J backend and machine
 * @param versions library, JVM and OS versions
 * @param inputs every input data file with its SHA-256
 * @param started when the run started
 * @param finished when it ended, or null while running
 * @param wallSeconds wall time from start to end, or 0 while running
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param error the failure's message, or null
 * @param timings named wall times in seconds (e.g. {@code train}, {@code baseline})
 */
public record RunManifest(String app, String command, List<String> arguments, Object configuration, long seed,
        BackendInfo backend, Versions versions, List<InputFile> inputs, Instant started, Instant finished,
        double wallSeconds, String status, String error, Map<String, Double> timings) {

    /** Status of a run in progress. */
    public static final String RUNNING = "running";
    /** Status of a finished run. */
    public static final String SUCCEEDED = "succeeded";
    /** Status of a run that failed. */
    public static final String FAILED = "failed";
    /** Status of a run stopped from outside (SIGTERM, Ctrl-C) before it finished. */
    public static final String INTERRUPTED = "interrupted";

    /** File name of the manifest in the run folder. */
    public static final String FILE_NAME = "manifest.json";

    /** Copies the collections. */
    public RunManifest {
        arguments = List.copyOf(arguments);
        inputs = List.copyOf(inputs);
        timings = Map.copyOf(timings);
    }
}
