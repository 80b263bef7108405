package io.github.reglab.crossval.search;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One point of the parameter space.
 *
 * @param id the configuration's number, from 0, in the order the space produced it
 * @param values parameter name to value ({@link Double} or {@link Boolean}), in the space's order
 * @serial exclude
 */
public record Config(int id, Map<String, Object> values) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Copies the values, keeping their order.
     *
     * @param id the configuration's number, from 0, in the order the space produced it
     * @param values parameter name to value ({@link Double} or {@link Boolean}), in the space's order
     */
    public Config {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Returns a numeric parameter's value.
     *
     * @param name a numeric parameter
     * @param fallback the value when the configuration does not set it
     * @return its value
     */
    public double number(String name, double fallback) {
        Object v = values.get(name);
        return v == null ? fallback : (Double) v;
    }

    /**
     * Returns a flag parameter's value.
     *
     * @param name a flag parameter
     * @param fallback the value when the configuration does not set it
     * @return its value
     */
    public boolean flag(String name, boolean fallback) {
        Object v = values.get(name);
        return v == null ? fallback : (Boolean) v;
    }

    /**
     * Returns the configuration as one line.
     *
     * @return e.g. {@code l1=0.0001 dropout=0.2}
     */
    public String label() {
        StringJoiner j = new StringJoiner(" ");
        values.forEach((k, v) -> j.add(k + "=" + format(v)));
        return j.length() == 0 ? "(defaults)" : j.toString();
    }

    /**
     * Returns it as text.
     *
     * @param v a value
     * @return it as text: numbers in the shortest form that reads back the same
     */
    public static String format(Object v) {
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e6) {
                return String.format(Locale.ROOT, "%d", d.longValue());
            }
            String plain = java.math.BigDecimal.valueOf(d).stripTrailingZeros().toString();
            return plain.length() <= 10 ? plain : String.format(Locale.ROOT, "%.4g", d);
        }
        return String.valueOf(v);
    }
}
