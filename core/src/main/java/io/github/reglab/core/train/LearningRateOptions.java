package io.github.reglab.core.train;

import io.github.reglab.core.run.OptionChecks;
import picocli.CommandLine.Option;

/**
 * The learning-rate options every training command shares (picocli mixin): Adam's rate and the tutorial's
 * inverse-time decay {@code lr / (1 + γ·epoch)}.
 */
public final class LearningRateOptions {

    // no defaultValue attributes: picocli keeps the field values a command's constructor call chose
    @Option(names = "--learning-rate", description = "Adam's learning rate. Default: ${DEFAULT-VALUE}.")
    private double learningRate;

    @Option(names = "--lr-decay", paramLabel = "GAMMA",
            description = "Inverse-time learning-rate decay per epoch, lr / (1 + GAMMA·epoch); 0 keeps it constant. "
                    + "Default: ${DEFAULT-VALUE}.")
    private double lrDecay;

    /** Adam 1e-3 without decay. */
    public LearningRateOptions() {
        this(1e-3, 0);
    }

    /**
     * A command's own defaults (shown by {@code --help}, overridden by the command line).
     *
     * @param learningRate default learning rate
     * @param lrDecay default inverse-time decay per epoch
     */
    public LearningRateOptions(double learningRate, double lrDecay) {
        this.learningRate = learningRate;
        this.lrDecay = lrDecay;
    }

    /**
     * @return the initial learning rate, validated to be finite and &gt; 0
     */
    public double learningRate() {
        return OptionChecks.inRange("--learning-rate", learningRate, 0, Double.MAX_VALUE, false, true);
    }

    /**
     * @return the decay per epoch, validated to be finite and &ge; 0
     */
    public double lrDecay() {
        return OptionChecks.inRange("--lr-decay", lrDecay, 0, Double.MAX_VALUE, true, true);
    }
}
