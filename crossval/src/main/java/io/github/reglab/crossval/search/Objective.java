package io.github.reglab.crossval.search;

import java.io.Serializable;

/**
 * The metric that ranks configurations, and its direction.
 *
 * @param metric the metric's name
 * @param maximize whether larger is better
 * @serial exclude
 */
public record Objective(String metric, boolean maximize) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Returns whether a is strictly better than b (NaN is never better).
     *
     * @param a a value
     * @param b another value
     * @return whether a is strictly better than b (NaN is never better)
     */
    public boolean better(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return maximize ? a > b : a < b;
    }
}
