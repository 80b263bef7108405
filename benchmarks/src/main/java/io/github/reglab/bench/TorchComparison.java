package io.github.reglab.bench;

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
import io.github.reglab.core.backend.NativeSetup;
import io.github.reglab.harness.report.Statistics;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.RunContext;
import io.github.reglab.image.CnnSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./suite bench torch}: this project's training of the fraud MLP and the image CNN against stock DL4J (the
 * same network with DL4J's own batch-normalization layer) and the identical PyTorch models on the same data files,
 * interleaved round by round (the order of the three rotates every round), every run in its own process with the
 * same thread count. Reports medians of wall time, training examples per second, peak RSS, each column's ratio to
 * PyTorch and this project's speed-up over stock DL4J, and each run's share of the machine's peak fp32 FLOP/s;
 * with {@code --quality}, also the time each framework needs to reach a validation target at its own best settings.
 */
@Command(name = "torch", mixinStandardHelpOptions = true,
        description = "This project's DL4J training path against stock DL4J and PyTorch on the same models and data.")
final class TorchComparison implements Callable<Integer> {

    /**
     * The columns: this project (compiled step), this project's setup on DL4J's own fit, stock DL4J, PyTorch.
     */
    static final List<String> FRAMEWORKS = List.of("dl4j", BenchWorker.DL4J_FIT, BenchWorker.STOCK, "torch");

    /**
     * The JVM options of this project's column: Serial GC, as {@code ./suite} runs the applications (G1 lets the
     * heap grow with DL4J's short-lived per-op objects: 1.5 GB against 0.66 GB peak RSS on the MLP, same time).
     */
    static final List<String> PROJECT_JVM_OPTIONS = List.of("-XX:+UseSerialGC");

    /**
     * What a DL4J user gets without this project's {@link NativeSetup} (which never overrides a property that is
     * set): the plain natives (empty extension), DL4J M2.1's helpers off, and JavaCPP's default limits for the
     * worker's heap (maxbytes = heap, maxphysicalbytes = heap + 3 × heap).
     *
     * @param heap the worker's -Xmx, digits with an optional k, m or g suffix
     * @return the JVM options
     */
    static List<String> stockProperties(String heap) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([kKmMgG]?)").matcher(heap);
        if (!m.matches()) {
            throw new OptionChecks.BadOptionException("--heap must be a size like 2g or 1536m, found '" + heap + "'");
        }
        String physical = Long.parseLong(m.group(1)) * 4 + m.group(2);
        return List.of("-D" + NativeSetup.EXTENSION_PROPERTY + "=", "-D" + NativeSetup.HELPERS_DISABLE_PROPERTY
                + "=true", "-D" + NativeSetup.MAX_BYTES_PROPERTY + "=" + heap,
                "-D" + NativeSetup.MAX_PHYSICAL_BYTES_PROPERTY + "=" + physical);
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--workloads", defaultValue = "mlp,cnn", split = ",", description = "mlp, cnn. Default: "
            + "${DEFAULT-VALUE}.")
    List<String> workloads;

    @Option(names = "--threads", split = ",", paramLabel = "N[,N...]", description = "Thread counts (the same for "
            + "every framework in a table); with several, one table each and a summary of every framework at its "
            + "best count. Default: 1 and the number of cores.")
    List<Integer> threads;

    @Option(names = "--heap", defaultValue = "2g", paramLabel = "SIZE", description = "-Xmx of the DL4J worker JVMs "
            + "(this project's off-heap cap follows it). Default: ${DEFAULT-VALUE}.")
    String heap;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with torch and sklearn "
            + "(Debian's python3-torch installs for /usr/bin/python3). Default: ${DEFAULT-VALUE}.")
    String python;

    @Option(names = "--script", description = "The PyTorch script. Default: benchmarks/scripts/torch_bench.py of "
            + "the project.")
    Path script;

    @Option(names = "--quality", description = "Also measure time to a validation target, each framework at its "
            + "best settings (see docs/benchmarks.md).")
    boolean quality;

    @Option(names = "--mlp-target", defaultValue = "0.35", description = "Validation average precision target. "
            + "Default: ${DEFAULT-VALUE}.")
    double mlpTarget;

    @Option(names = "--cnn-target", defaultValue = "0.85", description = "Validation accuracy target. Default: "
            + "${DEFAULT-VALUE}.")
    double cnnTarget;

    @Option(names = "--rows", defaultValue = "0", description = "Training rows of every workload, for smoke runs "
            + "(0: the issue's sizes, 200000 and 20000). Default: ${DEFAULT-VALUE}.")
    int rowsOverride;

    @Option(names = "--output", description = "Run folder. Default: runs/bench-torch-<timestamp>.")
    Path output;

    @Option(names = "--force", description = "Write into a non-empty --output.")
    boolean force;

    /**
     * The options of {@code bench torch} as the manifest records them.
     *
     * @param rounds interleaved rounds
     * @param workloads the workloads
     * @param threads the thread counts
     * @param quality whether time-to-quality is measured
     * @param machine the machine's description
     */
    record Configuration(int rounds, List<String> workloads, List<Integer> threads, boolean quality,
            String machine) {
    }

    @Override
    public Integer call() {
        OptionChecks.inRange("--rounds", rounds, 1, 100);
        OptionChecks.inRange("--rows", rowsOverride, 0, 10_000_000);
        stockProperties(heap); // checks --heap before any work
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> threadCounts = threads == null ? (cores == 1 ? List.of(1) : List.of(1, cores)) : threads;
        for (int t : threadCounts) {
            OptionChecks.inRange("--threads", t, 1, 1024);
        }
        List<Workload> chosen = Workload.parse(workloads);
        Path scriptFile = script != null ? script
                : Path.of(System.getProperty("reglab.root", "."), "benchmarks", "scripts", "torch_bench.py");
        if (!Files.isRegularFile(scriptFile)) {
            throw new OptionChecks.BadOptionException("PyTorch script not found at " + scriptFile + "; run from the "
                    + "project root or pass --script");
        }
        checkPython();
        Machine machine = Machine.detect();
        Configuration config = new Configuration(rounds, workloads, threadCounts, quality, machine.describe());
        RunContext run = RunContext.start("bench-torch", "torch", AppLauncher.originalArgs(commandSpec), output, force,
                42, config, Clock.systemDefaultZone());
        return run.execute(ctx -> {
            Path dataDir = run.directory().resolve("data");
            for (Workload w : chosen) {
                w.writeData(dataDir, rowsOverride);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("machine", machine.describe());
            report.put("peak_flops", machine.peakFlops());
            Tables tables = new Tables(machine.describe());
            for (Workload w : chosen) {
                for (int nThreads : threadCounts) {
                    Map<String, List<JsonNode>> byFramework = runRounds(w, nThreads, dataDir, scriptFile, run);
                    double flopsPerExample = Flops.TRAINING_FACTOR * Flops.forward(w.network(42, false),
                            w.inputType());
                    Map<String, Double> wall = new LinkedHashMap<>();
                    for (String framework : FRAMEWORKS) {
                        wall.put(framework, median(byFramework.get(framework), "seconds"));
                    }
                    tables.addSpeedups(w, nThreads, wall);
                    for (String framework : FRAMEWORKS) {
                        tables.addRow(w, nThreads, framework, wall, row(w, framework, nThreads,
                                byFramework.get(framework), wall.get(framework), flopsPerExample, machine.peakFlops()));
                    }
                }
            }
            report.put("throughput", tables.rows);
            report.put("best_thread_count", tables.best);
            StringBuilder md = tables.markdown();
            if (quality) {
                report.put("time_to_quality", timeToQuality(chosen, dataDir, scriptFile, cores, run, md));
            }
            run.directory().writeJson("comparison.json", report);
            run.directory().write("comparison.md", o -> o.write(md.toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
            System.out.println(md);
            return AppLauncher.OK;
        });
    }

    /** What the comparison gathers: comparison.json's rows and best thread counts, and comparison.md's tables. */
    private static final class Tables {
        private final List<Map<String, Object>> rows = new ArrayList<>();
        // workload -> framework -> best (lowest median wall) row over the thread counts
        private final Map<String, Map<String, Map<String, Object>>> best = new LinkedHashMap<>();
        private final StringBuilder throughput;
        private final StringBuilder perStep = new StringBuilder("\nPer training step (medians; ND4J operations "
                + "counted over 10 steps after the timed run):\n\n| workload | threads | framework | ND4J operations per "
                + "step | µs per step | peak RSS MB |\n|---|---|---|---|---|---|\n");
        private final StringBuilder speedups = new StringBuilder();

        Tables(String machine) {
            throughput = new StringBuilder(String.format(Locale.ROOT, "Machine: %s%n%n| workload | framework "
                    + "| threads | wall s (median) | train examples/s | peak RSS MB | wall / PyTorch's | share of "
                    + "peak FLOP/s |%n|---|---|---|---|---|---|---|---|%n", machine));
        }

        void addSpeedups(Workload w, int nThreads, Map<String, Double> wall) {
            double projectWall = wall.get("dl4j");
            double stockWall = wall.get(BenchWorker.STOCK);
            double fitWall = wall.get(BenchWorker.DL4J_FIT);
            speedups.append(String.format(Locale.ROOT, "%s, %d thread(s): this project %.2f× faster than "
                    + "stock DL4J (median wall %.2f s against %.2f s); its compiled step %.2f× faster than "
                    + "DL4J's fit on the same setup (%.2f s)%n", w.id, nThreads, stockWall / projectWall,
                    projectWall, stockWall, fitWall / projectWall, fitWall));
        }

        void addRow(Workload w, int nThreads, String framework, Map<String, Double> wall, Map<String, Object> row) {
            rows.add(row);
            best.computeIfAbsent(w.id, k -> new LinkedHashMap<>()).merge(framework, row, (old, now) ->
                    (double) now.get("seconds_median") < (double) old.get("seconds_median") ? now : old);
            boolean torch = framework.equals("torch");
            double peakRss = (double) row.get("peak_rss_mb_median");
            perStep.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.0f | %.0f |%n", w.id, nThreads,
                    row.get("framework"), torch ? "–" : String.format(Locale.ROOT, "%.0f",
                            (double) row.get("ops_per_step")), (double) row.get("us_per_step_median"), peakRss));
            throughput.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.0f | %.0f | %s | %.1f %% |%n",
                    w.id, row.get("framework"), nThreads, wall.get(framework),
                    (double) row.get("examples_per_second_median"), peakRss, torch ? "1"
                            : String.format(Locale.ROOT, "%.2f×", wall.get(framework) / wall.get("torch")),
                    100 * (double) row.get("share_of_peak")));
        }

        /** The throughput table, the per-step table, the best thread counts and the speed-ups, in that order. */
        StringBuilder markdown() {
            return new StringBuilder(throughput).append(perStep).append(bestSummary(best)).append('\n')
                    .append(speedups);
        }
    }

    /** Every framework {@code rounds} times on one workload and thread count, the order rotated each round. */
    private Map<String, List<JsonNode>> runRounds(Workload w, int nThreads, Path dataDir, Path scriptFile,
            RunContext run) {
        Map<String, List<JsonNode>> byFramework = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            List<String> order = new ArrayList<>(FRAMEWORKS);
            java.util.Collections.rotate(order, -(r % FRAMEWORKS.size()));
            for (String f : order) {
                JsonNode res = runOne(f, w, dataDir, w.defaultEpochs, nThreads, scriptFile,
                        run.directory().resolve("log-" + w.id + "-" + f + "-t" + nThreads + "-" + r + ".txt"));
                byFramework.computeIfAbsent(f, k -> new ArrayList<>()).add(res);
            }
        }
        return byFramework;
    }

    /** One framework's row of comparison.json: medians over its rounds. */
    private static Map<String, Object> row(Workload w, String framework, int nThreads, List<JsonNode> results,
            double wallMedian, double flopsPerExample, double peakFlops) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("workload", w.id);
        row.put("framework", results.get(0).path("framework").asText());
        row.put("threads", nThreads);
        row.put("rows", results.get(0).path("rows").asInt());
        row.put("epochs", w.defaultEpochs);
        row.put("batch", w.defaultBatch);
        row.put("seconds_median", wallMedian);
        row.put("seconds_all", values(results, "seconds"));
        double eps = median(results, "examples_per_second");
        row.put("examples_per_second_median", eps);
        row.put("peak_rss_mb_median", median(results, "peak_rss_mb"));
        row.put("training_flops_per_example", flopsPerExample);
        row.put("share_of_peak", eps * flopsPerExample / peakFlops);
        row.put("final_metric", results.get(0).path("curve").path(w.defaultEpochs - 1).asDouble());
        boolean torch = framework.equals("torch");
        row.put("us_per_step_median", torch ? median(results, "train_seconds") * 1e6 / steps(results.get(0), w)
                : median(results, "us_per_step"));
        row.put("ops_per_step", torch ? null : results.get(0).path("ops_per_step").asDouble());
        return row;
    }

    /**
     * Trains each framework at its best settings until the workload's validation target, appending a table to md.
     *
     * @return one row per workload and framework
     */
    private List<Map<String, Object>> timeToQuality(List<Workload> chosen, Path dataDir, Path scriptFile, int cores,
            RunContext run, StringBuilder md) {
        md.append("\nTime to quality (each framework at its best settings):\n\n| workload | target | "
                + "framework | threads | epochs run | reached at epoch | seconds to target |\n"
                + "|---|---|---|---|---|---|---|\n");
        List<Map<String, Object>> q = new ArrayList<>();
        for (Workload w : chosen) {
            double target = w == Workload.MLP ? mlpTarget : cnnTarget;
            // best settings measured here: one thread for the overhead-bound MLP, all cores for the CNN
            int t = w == Workload.MLP ? 1 : cores;
            int epochs = w == Workload.MLP ? 10 : 4;
            for (String f : List.of("dl4j", "torch")) {
                JsonNode res = runOne(f, w, dataDir, epochs, t, scriptFile,
                        run.directory().resolve("log-quality-" + w.id + "-" + f + ".txt"));
                Map<String, Object> row = timeToTarget(res, w, target, t, epochs);
                q.add(row);
                md.append(String.format(Locale.ROOT, "| %s | %s ≥ %.2f | %s | %d | %d | %s | %s |%n", w.id,
                        w.qualityMetric, target, row.get("framework"), t, epochs,
                        row.get("reached_epoch") == null ? "not reached" : row.get("reached_epoch"),
                        row.get("seconds_to_target") == null ? "–" : String.format(Locale.ROOT, "%.1f",
                                (double) row.get("seconds_to_target"))));
            }
        }
        return q;
    }

    /** Every framework at its fastest thread count, with the ratios at those counts. */
    static String bestSummary(Map<String, Map<String, Map<String, Object>>> best) {
        StringBuilder md = new StringBuilder("\nEach framework at its best thread count:\n\n| workload | framework | "
                + "threads | wall s (median) | peak RSS MB | wall / PyTorch's best |\n|---|---|---|---|---|---|\n");
        for (var w : best.entrySet()) {
            Map<String, Object> torch = w.getValue().get("torch");
            double torchWall = torch == null ? Double.NaN : (double) torch.get("seconds_median");
            for (var f : w.getValue().entrySet()) {
                double wall = (double) f.getValue().get("seconds_median");
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.0f | %.2f× |%n", w.getKey(),
                        f.getValue().get("framework"), (int) f.getValue().get("threads"), wall,
                        (double) f.getValue().get("peak_rss_mb_median"), wall / torchWall));
            }
        }
        return md.toString();
    }

    private static Map<String, Object> timeToTarget(JsonNode res, Workload w, double target, int t, int epochs) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("workload", w.id);
        row.put("framework", res.path("framework").asText());
        row.put("metric", w.qualityMetric);
        row.put("target", target);
        row.put("threads", t);
        row.put("batch", w.defaultBatch);
        row.put("epochs", epochs);
        row.put("curve", values(res.path("curve")));
        row.put("elapsed", values(res.path("elapsed")));
        Integer reached = null;
        Double seconds = null;
        for (int i = 0; i < res.path("curve").size(); i++) {
            if (res.path("curve").get(i).asDouble() >= target) {
                reached = i + 1;
                seconds = res.path("elapsed").get(i).asDouble();
                break;
            }
        }
        row.put("reached_epoch", reached);
        row.put("seconds_to_target", seconds);
        row.put("peak_rss_mb", res.path("peak_rss_mb").asDouble());
        return row;
    }

    private JsonNode runOne(String framework, Workload w, Path dataDir, int epochs, int nThreads, Path scriptFile,
            Path log) {
        List<String> common = List.of("--workload", w.id, "--data", dataDir.toString(), "--epochs",
                Integer.toString(epochs), "--batch-size", Integer.toString(w.defaultBatch));
        if (!framework.equals("torch")) {
            boolean stock = framework.equals(BenchWorker.STOCK);
            List<String> args = new ArrayList<>(common);
            if (stock) {
                args.add("--stock");
            }
            List<String> jvm = stock ? stockProperties(heap) : PROJECT_JVM_OPTIONS;
            if (framework.equals(BenchWorker.DL4J_FIT)) {
                args.addAll(List.of("--engine", "DL4J"));
                if (w == Workload.CNN) {
                    // DL4J M2.1's oneDNN convolution helper gets NHWC weight gradients wrong in float
                    // (CompiledStepTest): DL4J's fit trains this network correctly only with its helpers off
                    jvm = new ArrayList<>(jvm);
                    jvm.add("-D" + NativeSetup.HELPERS_DISABLE_PROPERTY + "=true");
                }
            }
            return ChildRun.run(ChildRun.javaWorker(System.getProperty("java.class.path"), heap, jvm, args),
                    nThreads, log, 60);
        }
        List<String> cmd = new ArrayList<>(List.of(python, scriptFile.toString()));
        cmd.addAll(common);
        cmd.addAll(List.of("--threads", Integer.toString(nThreads)));
        if (w == Workload.CNN) {
            CnnSpec s = Workload.cnnSpec();
            CnnSpec.Architecture a = s.architecture();
            cmd.addAll(List.of("--blocks", Integer.toString(a.blocks()), "--convs", Integer.toString(a.convs()),
                    "--filters", Integer.toString(a.filters()),
                    "--dense", Integer.toString(a.dense()), "--dropout", Double.toString(s.penalties().dropRate()),
                    "--batch-norm", a.batchNorm().on() ? "1" : "0"));
        }
        return ChildRun.run(cmd, nThreads, log, 60);
    }

    private void checkPython() {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, sklearn").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new OptionChecks.BadOptionException(python + " cannot import torch and sklearn (" + out.trim()
                        + "); install them with: apt-get install -y python3-torch python3-sklearn");
            }
        } catch (java.io.IOException e) {
            throw new OptionChecks.BadOptionException("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Training steps of a run: epochs × minibatches per epoch. */
    private static double steps(JsonNode result, Workload w) {
        long rows = result.path("rows").asLong();
        return result.path("epochs").asDouble(w.defaultEpochs) * ((rows + w.defaultBatch - 1) / w.defaultBatch);
    }

    static double median(List<JsonNode> results, String field) {
        return Statistics.median(results.stream().mapToDouble(r -> r.path(field).asDouble()).toArray());
    }

    private static List<Double> values(List<JsonNode> results, String field) {
        return results.stream().map(r -> r.path(field).asDouble()).toList();
    }

    private static List<Double> values(JsonNode array) {
        List<Double> v = new ArrayList<>();
        array.forEach(n -> v.add(n.asDouble()));
        return v;
    }
}
