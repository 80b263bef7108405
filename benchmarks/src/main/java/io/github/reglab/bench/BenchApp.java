package io.github.reglab.bench;

import io.github.reglab.harness.run.AppLauncher;
import picocli.CommandLine.Command;

/**
 * {@code ./suite bench <regularizers|trainer|torch|backends>}: speed measurements that print figures (not tests).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of the training path; each prints medians of interleaved rounds.",
        subcommands = {RegularizerBench.class, TrainerBench.class, TorchComparison.class, BackendComparison.class,
            BenchWorker.class})
public final class BenchApp {

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(AppLauncher.execute(new BenchApp(), args));
    }
}
