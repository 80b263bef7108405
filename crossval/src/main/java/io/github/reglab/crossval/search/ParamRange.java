package io.github.reglab.crossval.search;

import java.io.Serializable;
import java.util.Locale;

/**
 * What values a parameter accepts, for checks before any training starts.
 *
 * @param flag whether the parameter is a flag (true/false) rather than a number
 * @param min the smallest number allowed
 * @param max the largest number allowed
 * @param maxInclusive whether max itself is allowed
 * @param integer whether the number must be whole
 * @param description what the parameter does
 * @serial exclude
 */
public record ParamRange(boolean flag, double min, double max, boolean maxInclusive, boolean integer,
        String description) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Returns a true/false parameter.
     *
     * @param description what the flag does
     * @return a true/false parameter
     */
    public static ParamRange flag(String description) {
        return new ParamRange(true, 0, 0, true, false, description);
    }

    /**
     * Describes a numeric parameter.
     *
     * @param min smallest value
     * @param max largest value
     * @param maxInclusive whether max is allowed
     * @param description what the number does
     * @return a numeric parameter
     */
    public static ParamRange number(double min, double max, boolean maxInclusive, String description) {
        return new ParamRange(false, min, max, maxInclusive, false, description);
    }

    /**
     * Returns a whole-number parameter.
     *
     * @param min smallest value
     * @param max largest value
     * @param description what the number does
     * @return a whole-number parameter
     */
    public static ParamRange integer(int min, int max, String description) {
        return new ParamRange(false, min, max, true, true, description);
    }

    /**
     * Checks one value.
     *
     * @param name the parameter's name, for the message
     * @param value a value
     * @throws IllegalArgumentException naming the parameter, the value and the allowed range
     */
    public void check(String name, Object value) {
        if (flag) {
            if (!(value instanceof Boolean)) {
                throw new IllegalArgumentException("parameter '" + name + "' takes true or false, found " + value);
            }
            return;
        }
        if (!(value instanceof Double d)) {
            throw new IllegalArgumentException("parameter '" + name + "' takes a number, found " + value);
        }
        boolean ok = d >= min && (maxInclusive ? d <= max : d < max) && !Double.isNaN(d)
                && (!integer || d == Math.rint(d));
        if (!ok) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "parameter '%s' must be %sin [%s, %s%s, "
                    + "found %s", name, integer ? "a whole number " : "", fmt(min), fmt(max), maxInclusive ? "]" : ")",
                    fmt(d)));
        }
    }

    /**
     * Checks that a domain lies inside the range.
     *
     * @param name the parameter's name
     * @param domain a domain
     * @throws IllegalArgumentException when the domain holds values outside this range
     */
    public void check(String name, Domain domain) {
        if (domain instanceof Domain.Values v) {
            v.values().forEach(x -> check(name, x));
        } else if (domain instanceof Domain.Uniform u) {
            check(name, u.low());
            check(name, u.high());
        } else if (domain instanceof Domain.LogUniform l) {
            check(name, l.low());
            check(name, l.high());
        }
        if (integer && !(domain instanceof Domain.Values)) {
            throw new IllegalArgumentException("parameter '" + name + "' is a whole number; give it a list of values");
        }
    }

    private static String fmt(double v) {
        return v == Double.MAX_VALUE || Double.isInfinite(v) ? "inf" : Config.format(v);
    }
}
