package io.github.reglab.core.train;

import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * A learning-rate schedule as configuration, turned into ND4J's {@link ISchedule} in one place.
 *
 * @param kind the schedule's form
 * @param initial the learning rate at t = 0, &gt; 0
 * @param gamma the decay parameter (see {@link Kind}), &ge; 0
 * @param step the period in units of t, &ge; 1: {@link Kind#STEP}'s decay period, {@link Kind#COSINE}'s annealing
 *     length (usually the number of epochs)
 * @param perEpoch whether t counts epochs (true) or iterations (false)
 */
public record LearningRateSpec(Kind kind, double initial, double gamma, int step, boolean perEpoch) {

    /** Forms of schedule; t is the epoch or iteration index. */
    public enum Kind {
        /** {@code lr(t) = initial}. */
        CONSTANT,
        /** The tutorial's inverse-time decay {@code lr(t) = initial / (1 + gamma·t)}. */
        INVERSE_TIME,
        /** {@code lr(t) = initial · gamma^t}, gamma in (0, 1]. */
        EXPONENTIAL,
        /** {@code lr(t) = initial · gamma^floor(t / step)}, gamma in (0, 1]. */
        STEP,
        /** Cosine annealing to 0 over {@code step} units of t (see {@link CosineSchedule}); gamma is unused. */
        COSINE
    }

    /**
     * Validates the fields.
     *
     * @param kind the schedule's form
     * @param initial the learning rate at t = 0, &gt; 0
     * @param gamma the decay parameter (see {@link Kind}), &ge; 0
     * @param step the period in units of t, &ge; 1: {@link Kind#STEP}'s decay period, {@link Kind#COSINE}'s annealing
     *     length (usually the number of epochs)
     * @param perEpoch whether t counts epochs (true) or iterations (false)
     */
    public LearningRateSpec {
        Objects.requireNonNull(kind, "kind");
        if (!(initial > 0) || Double.isInfinite(initial)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, found " + initial);
        }
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("learning-rate gamma must be finite and >= 0, found " + gamma);
        }
        if ((kind == Kind.EXPONENTIAL || kind == Kind.STEP) && !(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "learning-rate gamma for %s decay must be in (0, 1], found %s", kind, gamma));
        }
        if ((kind == Kind.STEP || kind == Kind.COSINE) && step < 1) {
            throw new IllegalArgumentException("learning-rate step must be >= 1, found " + step);
        }
    }

    /**
     * Returns a constant schedule.
     *
     * @param lr the constant learning rate
     * @return a constant schedule
     */
    public static LearningRateSpec constant(double lr) {
        return new LearningRateSpec(Kind.CONSTANT, lr, 0, 1, true);
    }

    /**
     * Returns {@code lr / (1 + gamma·epoch)}.
     *
     * @param lr the initial learning rate
     * @param gamma the decay per epoch
     * @return {@code lr / (1 + gamma·epoch)}
     */
    public static LearningRateSpec inverseTime(double lr, double gamma) {
        return new LearningRateSpec(Kind.INVERSE_TIME, lr, gamma, 1, true);
    }

    /**
     * Returns cosine annealing per epoch, {@code lr · (1 + cos(π·epoch/epochs)) / 2}.
     *
     * @param lr the initial learning rate
     * @param epochs the epochs over which it anneals to 0, &ge; 1
     * @return cosine annealing per epoch, {@code lr · (1 + cos(π·epoch/epochs)) / 2}
     */
    public static LearningRateSpec cosine(double lr, int epochs) {
        return new LearningRateSpec(Kind.COSINE, lr, 0, epochs, true);
    }

    /**
     * Returns the ND4J schedule.
     *
     * @return the ND4J schedule
     */
    public ISchedule toSchedule() {
        ScheduleType t = perEpoch ? ScheduleType.EPOCH : ScheduleType.ITERATION;
        return switch (kind) {
            case CONSTANT -> new FixedSchedule(initial);
            case INVERSE_TIME -> new InverseSchedule(t, initial, gamma, 1.0);
            case EXPONENTIAL -> new ExponentialSchedule(t, initial, gamma);
            case STEP -> new StepSchedule(t, initial, gamma, step);
            case COSINE -> new CosineSchedule(t, initial, step);
        };
    }
}
