package io.github.reglab.harness.run;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Range checks for option values. The exception they throw names the option, the value found and the range
 * allowed; {@link AppLauncher} turns it into a one-line message and exit code 2.
 */
public final class OptionChecks {

    private OptionChecks() {
    }

    /**
     * Thrown for an option value outside its allowed range; a usage error, exit code 2.
     */
    public static final class BadOptionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message names the option, the value and the allowed range
         */
        public BadOptionException(String message) {
            super(message);
        }
    }

    /**
     * Runs a check or construction driven by options and reports its {@link IllegalArgumentException} as a usage
     * error (exit code 2, "see --help") rather than a failed run; the message is kept as it is.
     *
     * @param <T> what the action produces
     * @param action builds something from option values, throwing {@link IllegalArgumentException} on bad ones
     * @return what the action produced
     * @throws BadOptionException with the action's message when it rejects a value
     */
    public static <T> T asBadOption(Supplier<T> action) {
        return asBadOption(Map.of(), action);
    }

    /**
     * Like {@link #asBadOption(Supplier)}, and also puts option names for the library's parameter names: library
     * messages say {@code "<parameter> must be …"}, and each such phrase whose parameter is in the map is
     * rewritten, e.g. {@code folds must be <= 3} to {@code --folds must be <= 3}.
     *
     * @param <T> what the action produces
     * @param optionOf the option for each library parameter, e.g. {@code folds} to {@code --folds}
     * @param action builds or runs something from option values
     * @return what the action produced
     * @throws BadOptionException with the rewritten message when it rejects a value
     */
    public static <T> T asBadOption(Map<String, String> optionOf, Supplier<T> action) {
        try {
            return action.get();
        } catch (BadOptionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadOptionException(toOptionNames(e.getMessage(), optionOf));
        }
    }

    /**
     * Rewrites {@code "<parameter> must be"} to {@code "<option> must be"} for every parameter in the map.
     *
     * @param message a library message
     * @param optionOf the option for each parameter
     * @return the message in the command line's terms
     */
    public static String toOptionNames(String message, Map<String, String> optionOf) {
        String out = message == null ? "" : message;
        for (Map.Entry<String, String> e : optionOf.entrySet()) {
            out = out.replaceAll("(?<![\\w.-])" + Pattern.quote(e.getKey()) + "(?= must be)",
                    Matcher.quoteReplacement(e.getValue()));
        }
        return out;
    }

    /**
     * Checks an integer option.
     *
     * @param option the option's name, e.g. {@code --epochs}
     * @param value the value given
     * @param min smallest allowed value
     * @param max largest allowed value
     * @return value, when min &le; value &le; max
     * @throws BadOptionException otherwise
     */
    public static int inRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadOptionException(String.format(Locale.ROOT, "%s must be in [%d, %d], found %d",
                    option, min, max, value));
        }
        return value;
    }

    /**
     * Checks a floating-point option.
     *
     * @param option the option's name
     * @param value the value given
     * @param min smallest allowed value
     * @param max largest allowed value
     * @param minInclusive whether min itself is allowed
     * @param maxInclusive whether max itself is allowed
     * @return value, when in range and finite
     * @throws BadOptionException otherwise
     */
    public static double inRange(String option, double value, double min, double max, boolean minInclusive,
            boolean maxInclusive) {
        boolean ok = Double.isFinite(value) && (minInclusive ? value >= min : value > min)
                && (maxInclusive ? value <= max : value < max);
        if (!ok) {
            throw new BadOptionException(String.format(Locale.ROOT, "%s must be in %s%s, %s%s, found %s", option,
                    minInclusive ? "[" : "(", fmt(min), fmt(max), maxInclusive ? "]" : ")", fmt(value)));
        }
        return value;
    }

    private static String fmt(double d) {
        return Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Double.toString(d);
    }
}
