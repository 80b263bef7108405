package io.github.reglab.core.regularization;

import java.util.Locale;

import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Checks for regularization strengths, constant or scheduled. Package-private: the public classes call it.
 */
final class Strength {

    private Strength() {
    }

    /**
     * Returns a fixed schedule of value.
     *
     * @param name the parameter's name, e.g. {@code alpha}
     * @param value the constant strength
     * @return a fixed schedule of value
     * @throws IllegalArgumentException when value is negative or not finite
     */
    static ISchedule fixed(String name, double value) {
        return new FixedSchedule(check(name, value, "constant"));
    }

    /**
     * Checks a strength schedule.
     *
     * @param name the parameter's name
     * @param schedule the schedule; its value at iteration 0, epoch 0 is checked
     * @return schedule
     */
    static ISchedule check(String name, ISchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        check(name, schedule.valueAt(0, 0), "at iteration 0");
        return schedule;
    }

    /**
     * Returns the strength at that time, checked to be finite and non-negative.
     *
     * @param name the parameter's name
     * @param schedule the schedule
     * @param iteration the iteration
     * @param epoch the epoch
     * @return the strength at that time, checked to be finite and non-negative
     */
    static double at(String name, ISchedule schedule, int iteration, int epoch) {
        double v = schedule.valueAt(iteration, epoch);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s schedule gave %s at iteration %d, epoch %d; it must be finite and >= 0", name, v, iteration,
                    epoch));
        }
        return v;
    }

    static double check(String name, double value, String when) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s must be finite and in [0, inf), found %s (%s)", name, value, when));
        }
        return value;
    }
}
