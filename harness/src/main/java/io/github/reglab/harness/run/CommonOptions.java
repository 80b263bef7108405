package io.github.reglab.harness.run;

import java.nio.file.Path;

import io.github.reglab.core.train.StepEngine;
import picocli.CommandLine.Option;

/**
 * The options every application command shares, as a picocli mixin ({@code @Mixin CommonOptions common;}).
 * Defaults that differ between applications ({@code --epochs}, {@code --batch-size}) come from the command's
 * {@link OptionDefaults}; they show in {@code --help}.
 */
public final class CommonOptions {

    /** Largest value accepted for {@code --epochs}. */
    public static final int MAX_EPOCHS = 100_000;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed for every random choice of the run (data, splits, initialization, dropout). "
                    + "Same seed, same result. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--epochs", description = "Maximum training epochs. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--batch-size", description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Run folder. Default: runs/<app>-<timestamp> under the current directory.")
    private Path output;

    @Option(names = "--force", description = "Write into --output even if it is not empty (files of the same name "
            + "are replaced one by one, atomically).")
    private boolean force;

    @Option(names = "--engine", defaultValue = "COMPILED", paramLabel = "compiled|dl4j",
            description = "What runs each training step: the compiled step (DL4J's result in a third of its "
                    + "time on the fraud network) or DL4J's own fit (for comparisons; networks the compiled step does not cover use "
                    + "it anyway). Default: compiled.")
    private StepEngine engine;

    @Option(names = "--max-batches", defaultValue = "0", paramLabel = "N",
            description = "Stop each epoch after N minibatches, for smoke runs; 0 means no limit. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int maxBatches;

    /**
     * @return the seed, never 0
     */
    public long seed() {
        if (seed == 0) {
            throw new OptionChecks.BadOptionException("--seed must not be 0 (DL4J treats seed 0 as unseeded and gives "
                    + "a different result on every run); use any other long value");
        }
        return seed;
    }

    /**
     * @return the maximum number of epochs, validated to lie in [1, {@value #MAX_EPOCHS}]
     */
    public int epochs() {
        return OptionChecks.inRange("--epochs", epochs, 1, MAX_EPOCHS);
    }

    /**
     * @return the minibatch size, validated to lie in [1, 1,000,000]
     */
    public int batchSize() {
        return OptionChecks.inRange("--batch-size", batchSize, 1, 1_000_000);
    }

    /**
     * @return the requested run folder, or null for the default
     */
    public Path output() {
        return output;
    }

    /**
     * @return whether a non-empty run folder may be written into
     */
    public boolean force() {
        return force;
    }

    /**
     * @return what runs each training step
     */
    public StepEngine engine() {
        return engine == null ? StepEngine.COMPILED : engine;
    }

    /**
     * @return the batch limit per epoch (0 = none), validated to be non-negative
     */
    public int maxBatches() {
        return OptionChecks.inRange("--max-batches", maxBatches, 0, Integer.MAX_VALUE);
    }

    /**
     * Sets every field, for callers that build options in code rather than from a command line.
     *
     * @param seed the seed
     * @param epochs the maximum number of epochs
     * @param batchSize the minibatch size
     * @param output the run folder, or null for the default
     * @param force whether a non-empty run folder may be written into
     * @param maxBatches the batch limit per epoch, 0 for none
     * @return this
     */
    public CommonOptions set(long seed, int epochs, int batchSize, Path output, boolean force, int maxBatches) {
        this.seed = seed;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.output = output;
        this.force = force;
        this.maxBatches = maxBatches;
        return this;
    }
}
