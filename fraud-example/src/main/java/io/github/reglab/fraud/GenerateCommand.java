package io.github.reglab.fraud;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.reglab.fraud.data.TransactionGenerator;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.OutputFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fraud generate --output FILE}: writes the built-in synthetic transactions as CSV.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write the built-in synthetic transactions (Time, V1..V28, Amount, Class) as CSV.")
public final class GenerateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "CSV file to write (an existing "
            + "file only with --force).")
    Path output;

    @Option(names = "--force", description = "Replace an existing --output file.")
    boolean force;

    @Option(names = "--rows", defaultValue = "284807", description = "Rows. Default: ${DEFAULT-VALUE}.")
    int rows;

    @Option(names = "--fraud-rate", defaultValue = "0.00172",
            description = "Probability of fraud per row, in (0, 1). Default: ${DEFAULT-VALUE}.")
    double fraudRate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    /**
     * The outcome.
     *
     * @param file the file written
     * @param rows rows written
     * @param frauds fraud rows among them
     */
    public record Result(Path file, int rows, int frauds) {
    }

    /**
     * @return the outcome
     */
    public Result run() {
        OptionChecks.inRange("--rows", rows, 1, 50_000_000);
        OptionChecks.inRange("--fraud-rate", fraudRate, 0, 1, false, false);
        int frauds;
        try (OutputFiles.Claim claim = OutputFiles.claim(output, force, Map.of())) {
            frauds = TransactionGenerator.writeCsv(claim.output(), rows, fraudRate, seed);
        }
        LOG.info("Wrote {} rows ({} fraud) to {}", rows, frauds, output.toAbsolutePath());
        return new Result(output, rows, frauds);
    }

    @Override
    public Integer call() {
        run();
        return AppLauncher.OK;
    }
}
