package io.github.reglab.harness.run;

import java.util.Locale;
import java.util.Objects;

import io.github.reglab.core.train.LearningRateSpec;
import picocli.CommandLine.Option;

/**
 * The learning-rate options every training command shares (picocli mixin): Adam's rate and its schedule, either the
 * tutorial's inverse-time decay {@code lr / (1 + γ·epoch)} or cosine annealing to 0 over the run's epochs.
 */
public final class LearningRateOptions {

    /** The schedules {@code --lr-schedule} offers. */
    public enum Schedule {
        /** {@code lr / (1 + γ·epoch)} with γ from {@code --lr-decay} (constant when γ = 0). */
        INVERSE_TIME("inverse-time"),
        /** {@code lr · (1 + cos(π·epoch/epochs)) / 2}: from lr at the first epoch to near 0 at the last. */
        COSINE("cosine");

        private final String optionValue;

        Schedule(String optionValue) {
            this.optionValue = optionValue;
        }

        /** @return the value {@code --lr-schedule} takes */
        public String optionValue() {
            return optionValue;
        }

        static Schedule parse(String value) {
            for (Schedule s : values()) {
                if (s.optionValue.equals(value)) {
                    return s;
                }
            }
            throw new OptionChecks.BadOptionException("--lr-schedule must be inverse-time or cosine, found '" + value
                    + "'");
        }
    }

    // no defaultValue attributes: picocli keeps the field values a command's constructor call chose
    @Option(names = "--learning-rate", description = "Adam's (initial) learning rate. Default: ${DEFAULT-VALUE}.")
    private double learningRate;

    @Option(names = "--lr-schedule", paramLabel = "KIND", description = "inverse-time: lr / (1 + GAMMA·epoch) with "
            + "GAMMA from --lr-decay; cosine: lr·(1 + cos(π·epoch/epochs))/2, annealing to near 0 at the last of "
            + "--epochs. Default: ${DEFAULT-VALUE}.")
    private String schedule;

    @Option(names = "--lr-decay", paramLabel = "GAMMA",
            description = "Inverse-time learning-rate decay per epoch, lr / (1 + GAMMA·epoch); 0 keeps it constant. "
                    + "Only with --lr-schedule inverse-time. Default: ${DEFAULT-VALUE}.")
    private double lrDecay;

    /** Adam 1e-3, constant. */
    public LearningRateOptions() {
        this(1e-3, 0);
    }

    /**
     * A command's own defaults with the inverse-time schedule (shown by {@code --help}, overridden by the command
     * line).
     *
     * @param learningRate default learning rate
     * @param lrDecay default inverse-time decay per epoch
     */
    public LearningRateOptions(double learningRate, double lrDecay) {
        this(learningRate, Schedule.INVERSE_TIME, lrDecay);
    }

    /**
     * A command's own defaults (shown by {@code --help}, overridden by the command line).
     *
     * @param learningRate default learning rate
     * @param schedule default schedule
     * @param lrDecay default inverse-time decay per epoch (0 unless the schedule is inverse-time)
     */
    public LearningRateOptions(double learningRate, Schedule schedule, double lrDecay) {
        this.learningRate = learningRate;
        this.schedule = Objects.requireNonNull(schedule, "schedule").optionValue();
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

    /**
     * @return the chosen schedule, validated
     */
    public Schedule schedule() {
        return Schedule.parse(schedule);
    }

    /**
     * @param epochs the run's epochs (the cosine schedule's length), &ge; 1
     * @return the validated schedule
     * @throws IllegalArgumentException naming the option when a value is out of range, or when {@code --lr-decay}
     *     is given a non-zero value with a schedule that does not use it
     */
    public LearningRateSpec spec(int epochs) {
        double lr = learningRate();
        double decay = lrDecay();
        return switch (schedule()) {
            case INVERSE_TIME -> LearningRateSpec.inverseTime(lr, decay);
            case COSINE -> {
                if (decay != 0) {
                    throw new OptionChecks.BadOptionException(String.format(Locale.ROOT, "--lr-decay %s applies "
                            + "to --lr-schedule inverse-time only, and the schedule is cosine; add --lr-schedule "
                            + "inverse-time or leave --lr-decay at 0", decay));
                }
                yield LearningRateSpec.cosine(lr, epochs);
            }
        };
    }
}
