package io.github.reglab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.step.CompiledStep;
import io.github.reglab.core.train.EpochRecord;
import io.github.reglab.core.train.ShuffledMinibatches;
import io.github.reglab.core.train.StepEngine;
import io.github.reglab.core.train.Trainer;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench worker} (internal): one timed training run in its own JVM, so that its backend, threads and peak
 * memory are its own. Warm-up steps on a throwaway network come first and are not timed; then a fresh network
 * trains through the project's {@link Trainer} (validation every epoch, as the applications do). Prints one line
 * {@code RESULT <json>}.
 */
@Command(name = "worker", hidden = true, description = "One timed training run (internal; used by torch and "
        + "backends).")
final class BenchWorker implements Callable<Integer> {

    /** Prefix of the result line. */
    static final String RESULT = "RESULT ";
    /** Name of the stock-DL4J column. */
    static final String STOCK = "dl4j-stock";
    /** Name of the column of this project's setup trained with DL4J's own fit. */
    static final String DL4J_FIT = "dl4j-fit";
    /** Steps whose native operations are counted after the timed run. */
    private static final int COUNTED_STEPS = 10;

    @Option(names = "--workload", required = true)
    Workload workload;

    @Option(names = "--data", required = true)
    Path data;

    @Option(names = "--epochs", required = true)
    int epochs;

    @Option(names = "--batch-size", required = true)
    int batch;

    @Option(names = "--warmup-steps", defaultValue = "20")
    int warmup;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--stock", description = "Stock DL4J: DL4J's own BatchNormalization layer, DL4J's fit.")
    boolean stock;

    @Option(names = "--engine", defaultValue = "COMPILED", description = "What runs each step: COMPILED or DL4J.")
    StepEngine engine;

    @Override
    public Integer call() {
        DataSet train = workload.train(data).toDataSet();
        DataSet validation = workload.validation(data).toDataSet();
        int rows = train.numExamples();

        StepEngine stepEngine = stock ? StepEngine.DL4J : engine;
        warmUp(train, validation, stepEngine);

        MultiLayerNetwork net = new MultiLayerNetwork(workload.network(seed, stock));
        net.init();
        List<EpochRecord> records = new ArrayList<>();
        TrainerSpec spec = TrainerSpec.of(EarlyStoppingSpec.of(workload.qualityMetric, epochs).withPatience(epochs)
                .withRestoreBestWeights(false)).withMetrics(List.of(workload.qualityMetric)).withSeed(seed)
                .withEngine(stepEngine);
        long t0 = System.nanoTime();
        new Trainer(spec).onEpoch(records::add).fit(net, new ShuffledMinibatches(train, batch, seed),
                new ShuffledMinibatches(validation, 1024, null));
        double seconds = (System.nanoTime() - t0) / 1e9;

        double trainSeconds = 0;
        List<Double> curve = new ArrayList<>();
        List<Double> elapsed = new ArrayList<>();
        double cumulative = 0;
        for (EpochRecord r : records) {
            trainSeconds += rows / r.examplesPerSecond();
            cumulative += r.seconds();
            elapsed.add(cumulative);
            curve.add(r.validation().get(workload.qualityMetric));
        }
        long steps = (long) records.size() * ((rows + batch - 1) / batch);
        double opsPerStep = opsPerStep(net, stepEngine, new ShuffledMinibatches(train, batch, seed));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("framework", stock ? STOCK : stepEngine == StepEngine.DL4J ? DL4J_FIT : "dl4j");
        out.put("backend", Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
        out.put("workload", workload.id);
        out.put("rows", rows);
        out.put("epochs", records.size());
        out.put("batch", batch);
        out.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        out.put("seconds", seconds);
        out.put("train_seconds", trainSeconds);
        out.put("examples_per_second", rows * (double) records.size() / trainSeconds);
        out.put("peak_rss_mb", peakRssMb());
        out.put("steps", steps);
        out.put("us_per_step", trainSeconds / steps * 1e6);
        out.put("ops_per_step", opsPerStep);
        out.put("metric", workload.qualityMetric);
        out.put("curve", curve);
        out.put("elapsed", elapsed);
        try {
            System.out.println(RESULT + Json.mapper().writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(out));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON", e);
        }
        System.out.flush();
        return AppLauncher.OK;
    }

    /**
     * Trains a throwaway copy of the network a few steps on the measured path only (DL4J's fit would also fill its
     * training workspaces, which the compiled step never uses, and count them in the compiled step's peak), then
     * frees what it can.
     */
    private void warmUp(DataSet train, DataSet validation, StepEngine stepEngine) {
        MultiLayerNetwork warm = new MultiLayerNetwork(workload.network(seed, stock));
        warm.init();
        CompiledStep warmStep = stepEngine == StepEngine.COMPILED && CompiledStep.unsupported(warm).isEmpty()
                ? CompiledStep.of(warm) : null;
        ShuffledMinibatches w = new ShuffledMinibatches(train, batch, seed);
        for (int i = 0; i < warmup && w.hasNext(); i++) {
            if (warmStep != null) {
                warmStep.fit(w.next());
            } else {
                warm.fit(w.next());
            }
        }
        warm.output(validation.getFeatures().getRows(0, 1, 2, 3));
        if (warmStep != null) {
            warmStep.close(); // its buffers would otherwise stay until a collection, and count in the peak
        }
    }

    /**
     * Counts the native operations of a few more steps through the same engine, after the timed run (ND4J's
     * profiler slows every operation down while it counts).
     */
    @SuppressWarnings("deprecation") // OpProfiler is DL4J's only operation counter
    private static double opsPerStep(MultiLayerNetwork net, StepEngine engine, ShuffledMinibatches batches) {
        CompiledStep step = engine == StepEngine.COMPILED && CompiledStep.unsupported(net).isEmpty()
                ? CompiledStep.of(net) : null; // after the timed run: its buffers do not change the peak above
        List<DataSet> sample = new ArrayList<>();
        while (batches.hasNext() && sample.size() < COUNTED_STEPS + 1) {
            sample.add(batches.next());
        }
        // one step first, so that the compiled step's one-time binding is not counted
        if (step != null) {
            step.fit(sample.get(0));
        } else {
            net.fit(sample.get(0));
        }
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        OpProfiler.getInstance().reset();
        for (DataSet ds : sample.subList(1, sample.size())) {
            if (step != null) {
                step.fit(ds);
            } else {
                net.fit(ds);
            }
        }
        double ops = OpProfiler.getInstance().getInvocationsCount() / (double) (sample.size() - 1);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        return ops;
    }

    /**
     * @return this process's peak resident set size (VmHWM) in MB, or NaN where /proc is missing
     */
    static double peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
