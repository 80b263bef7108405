package io.github.reglab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.reglab.core.backend.CudaSupport;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./suite bench backends}: the same training runs under the {@code cpu} and the {@code cuda} backend, one JVM
 * each (ND4J fixes its backend when it starts), side by side as a table and as JSON. Whether CUDA can run is
 * decided before any training from {@link CudaSupport}: no NVIDIA device or driver, CUDA 11.6 libraries missing, or
 * a compute capability none of M2.1's cubins runs on (see CudaSupport); the reason is reported and the CPU side still runs.
 */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "The benchmark under the cpu and cuda backends, side by side (one JVM each).")
final class BackendComparison implements Callable<Integer> {

    /** Where the cuda profile's classpath is kept, relative to the project root. */
    static final String CUDA_CLASSPATH_FILE = "benchmarks/target/cuda-classpath.txt";

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--workloads", defaultValue = "mlp,cnn", split = ",", description = "mlp, cnn. Default: "
            + "${DEFAULT-VALUE}.")
    List<String> workloads;

    @Option(names = "--cuda-classpath", description = "File with the cuda backend's classpath. Default: "
            + "benchmarks/target/cuda-classpath.txt, built with Maven's cuda profile when missing.")
    Path cudaClasspath;

    @Option(names = "--rows", defaultValue = "0", paramLabel = "N", description = "Training rows of every workload "
            + "(validation: a quarter); 0: each workload's size (MLP 200000, CNN 20000). Default: ${DEFAULT-VALUE}.")
    int rows;

    @Option(names = "--epochs", defaultValue = "0", paramLabel = "N", description = "Epochs of every workload; 0: "
            + "each workload's (MLP 3, CNN 1). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "0", paramLabel = "N", description = "Minibatch size of every "
            + "workload; 0: each workload's (MLP 256, CNN 128). A GPU usually wants larger batches than a CPU. "
            + "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--output", description = "Run folder. Default: runs/bench-backends-<timestamp>.")
    Path output;

    @Option(names = "--force", description = "Write into a non-empty --output.")
    boolean force;

    /**
     * What to do about one backend, decided before any training.
     *
     * @param backend cpu or cuda
     * @param run whether it runs
     * @param reason why not, or what it runs on
     */
    record Plan(String backend, boolean run, String reason) {
    }

    /**
     * @param cuda the CUDA assessment (simulated in tests)
     * @return the plans for both backends: CPU always runs
     */
    static List<Plan> plan(CudaSupport.Assessment cuda) {
        return List.of(new Plan("cpu", true, "nd4j-native"), new Plan("cuda", cuda.usable(), cuda.reason()));
    }

    /**
     * The options of {@code bench backends} as the manifest records them.
     *
     * @param workloads the workloads
     * @param rows training rows of every workload, 0 for each one's own
     * @param epochs epochs, 0 for each workload's own
     * @param batchSize minibatch size, 0 for each workload's own
     * @param plans which backends run, and why not where they do not
     */
    record Configuration(List<String> workloads, int rows, int epochs, int batchSize, List<Plan> plans) {
    }

    @Override
    public Integer call() {
        List<Workload> chosen = Workload.parse(workloads);
        OptionChecks.inRange("--rows", rows, 0, 10_000_000);
        OptionChecks.inRange("--epochs", epochs, 0, 1000);
        OptionChecks.inRange("--batch-size", batchSize, 0, 65_536);
        List<Plan> plans = plan(CudaSupport.probe());
        Configuration config = new Configuration(workloads, rows, epochs, batchSize, plans);
        RunContext run = RunContext.start("bench-backends", "backends", AppLauncher.originalArgs(commandSpec), output,
                force, 42, config, Clock.systemDefaultZone());
        return run.execute(ctx -> {
            Path dataDir = run.directory().resolve("data");
            for (Workload w : chosen) {
                w.writeData(dataDir, rows);
            }
            int cores = Runtime.getRuntime().availableProcessors();
            List<Map<String, Object>> rows = new ArrayList<>();
            StringBuilder table = new StringBuilder("| workload | backend | status | wall s | train examples/s | "
                    + "peak RSS MB | final validation metric |\n|---|---|---|---|---|---|---|\n");
            for (Plan p : plans) {
                String classpath = p.run() ? classpath(p.backend()) : null;
                for (Workload w : chosen) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("workload", w.id);
                    row.put("backend", p.backend());
                    row.put("runs", p.run());
                    row.put("reason", p.reason());
                    if (p.run()) {
                        JsonNode r = ChildRun.run(ChildRun.javaWorker(classpath, "2g", List.of("--workload", w.id,
                                "--data", dataDir.toString(), "--epochs", Integer.toString(epochs > 0 ? epochs
                                        : w.defaultEpochs), "--batch-size", Integer.toString(batchSize > 0
                                        ? batchSize : w.defaultBatch))),
                                w == Workload.MLP ? 1 : cores,
                                run.directory().resolve("log-" + w.id + "-" + p.backend() + ".txt"), 60);
                        row.put("seconds", r.path("seconds").asDouble());
                        row.put("examples_per_second", r.path("examples_per_second").asDouble());
                        row.put("peak_rss_mb", r.path("peak_rss_mb").asDouble());
                        row.put("final_metric", r.path("curve").path(r.path("curve").size() - 1).asDouble());
                        row.put("metric", w.qualityMetric);
                        table.append(String.format(Locale.ROOT,
                                "| %s | %s | ran (%s) | %.2f | %.0f | %.0f | %s %.4f |%n", w.id, p.backend(),
                                r.path("backend").asText(), r.path("seconds").asDouble(),
                                r.path("examples_per_second").asDouble(), r.path("peak_rss_mb").asDouble(),
                                w.qualityMetric, (double) row.get("final_metric")));
                    } else {
                        table.append(String.format(Locale.ROOT, "| %s | %s | not run: %s | | | | |%n", w.id,
                                p.backend(), p.reason()));
                    }
                    rows.add(row);
                }
            }
            run.directory().writeJson("backends.json", Map.of("results", rows));
            run.directory().write("backends.md", o -> o.write(table.toString().getBytes(StandardCharsets.UTF_8)));
            System.out.println(table);
            return AppLauncher.OK;
        });
    }

    /** The JVM classpath for a backend: this one for cpu; the cuda profile's for cuda (built when missing). */
    private String classpath(String backend) {
        if (backend.equals("cpu")) {
            return System.getProperty("java.class.path");
        }
        Path root = Path.of(System.getProperty("reglab.root", "."));
        return cudaJvmClasspath(root, cudaClasspath != null ? cudaClasspath : root.resolve(CUDA_CLASSPATH_FILE));
    }

    /**
     * The benchmarks module's JVM classpath with the {@code cuda} profile: its classes plus the runtime dependencies
     * listed in {@code file}, which {@code mvn -Pcuda} writes when it is missing.
     *
     * @param root the project's root folder
     * @param file the classpath file to reuse or write
     * @return the classpath
     * @throws IllegalStateException when Maven fails or the file cannot be read
     */
    static String cudaJvmClasspath(Path root, Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                Process p = new ProcessBuilder("mvn", "-q", "-B", "-Pcuda", "-DskipTests", "-pl", "benchmarks", "-am",
                        "install", "dependency:build-classpath", "-DincludeScope=runtime",
                        "-Dmdep.outputFile=" + file.toAbsolutePath()).directory(root.toFile()).inheritIO().start();
                if (p.waitFor() != 0 || !Files.isRegularFile(file)) {
                    throw new IllegalStateException("building the cuda classpath failed (mvn -Pcuda exited with "
                            + p.exitValue() + ")");
                }
            }
            return root.resolve("benchmarks/target/classes") + java.io.File.pathSeparator
                    + Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the cuda classpath in " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
