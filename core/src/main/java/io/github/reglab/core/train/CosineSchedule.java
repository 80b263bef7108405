package io.github.reglab.core.train;

import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine annealing without restarts (Loshchilov &amp; Hutter, "SGDR", 2017):
 * {@code value(t) = initial · (1 + cos(π · min(t, period) / period)) / 2}, which falls from {@code initial} at
 * t = 0 to 0 at t = period and stays 0 after it. With t counting epochs and period = the number of epochs, the last
 * epoch trains at {@code initial · (1 − cos(π / period)) / 2} (1.1 % of it for 15 epochs).
 *
 * <p>ND4J 1.0.0-M2.1 has no annealing-to-zero schedule: its {@code PolySchedule} computes
 * {@code initial · (1 + t / maxIter)^power}, which grows with t for a positive power. The class is serializable by
 * ND4J's Jackson ({@code ISchedule} records the class name), so a saved model keeps its schedule.
 */
public final class CosineSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    /** Whether the schedule counts epochs or iterations. */
    private final ScheduleType scheduleType;
    /** The value at step 0. */
    private final double initialValue;
    /** Steps from the initial value to 0. */
    private final int period;

    /**
     * Creates the schedule.
     *
     * @param scheduleType whether t counts epochs or iterations
     * @param initialValue the value at t = 0, finite and &gt; 0
     * @param period the t at which the value reaches 0, &ge; 1
     */
    public CosineSchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
            @JsonProperty("initialValue") double initialValue, @JsonProperty("period") int period) {
        this.scheduleType = Objects.requireNonNull(scheduleType, "scheduleType");
        if (!(initialValue > 0) || Double.isInfinite(initialValue)) {
            throw new IllegalArgumentException("cosine schedule initial value must be finite and > 0, found "
                    + initialValue);
        }
        if (period < 1) {
            throw new IllegalArgumentException("cosine schedule period must be >= 1, found " + period);
        }
        this.initialValue = initialValue;
        this.period = period;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        int t = scheduleType == ScheduleType.EPOCH ? epoch : iteration;
        double progress = Math.min(Math.max(t, 0), period) / (double) period;
        return initialValue * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public ISchedule clone() {
        return new CosineSchedule(scheduleType, initialValue, period);
    }

    /**
     * Returns whether t counts epochs or iterations.
     *
     * @return whether t counts epochs or iterations
     */
    public ScheduleType getScheduleType() {
        return scheduleType;
    }

    /**
     * Returns the value at t = 0.
     *
     * @return the value at t = 0
     */
    public double getInitialValue() {
        return initialValue;
    }

    /**
     * Returns the t at which the value reaches 0.
     *
     * @return the t at which the value reaches 0
     */
    public int getPeriod() {
        return period;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule c && c.scheduleType == scheduleType
                && Double.compare(c.initialValue, initialValue) == 0 && c.period == period;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheduleType, initialValue, period);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CosineSchedule(%s, initial=%s, period=%d)", scheduleType, initialValue,
                period);
    }
}
