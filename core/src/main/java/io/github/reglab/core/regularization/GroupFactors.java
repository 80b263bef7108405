package io.github.reglab.core.regularization;

import java.util.Locale;

/**
 * The per-group factors {@code a_g} of the adaptive group lasso, {@code penalty(W) = λ · Σ_g a_g · c_g · ‖W_g‖₂}
 * ({@link GroupLasso#withGroupFactors}): large for the groups a pilot fit found unimportant, so that the groups
 * that matter are shrunk less.
 */
public final class GroupFactors {

    private GroupFactors() {
    }

    /**
     * The adaptive group lasso's factors from a pilot fit: {@code a_g = (m / n_g)^γ}, where {@code n_g} is the
     * pilot's norm of group g and {@code m} the mean of the {@code n_g}, so that a group of average importance
     * keeps the factor 1 and λ keeps its scale. Groups the pilot found unimportant are penalized more, important
     * ones less (Wang and Leng 2008, "A note on adaptive group lasso", with γ = 1 there; Zou 2006 for the lasso).
     * A group with pilot norm 0 gets the largest finite factor of the others times 10^3.
     *
     * @param pilotNorms each group's norm in the pilot fit, finite and &ge; 0, not all 0
     * @param gamma the exponent γ, finite and &gt; 0
     * @return the factors, in group order
     * @throws IllegalArgumentException naming the parameter and the value found
     */
    public static double[] adaptive(double[] pilotNorms, double gamma) {
        if (!(gamma > 0 && Double.isFinite(gamma))) {
            throw new IllegalArgumentException("gamma must be finite and > 0, found " + gamma);
        }
        double mean = 0;
        for (int g = 0; g < pilotNorms.length; g++) {
            if (!(pilotNorms[g] >= 0 && Double.isFinite(pilotNorms[g]))) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "pilotNorms[%d] must be finite and >= 0, found %s", g, pilotNorms[g]));
            }
            mean += pilotNorms[g] / pilotNorms.length;
        }
        if (!(mean > 0)) {
            throw new IllegalArgumentException("pilotNorms must not all be 0 (found " + pilotNorms.length
                    + " groups, all 0)");
        }
        double[] a = new double[pilotNorms.length];
        double largest = 0;
        for (int g = 0; g < a.length; g++) {
            a[g] = pilotNorms[g] > 0 ? Math.pow(mean / pilotNorms[g], gamma) : Double.NaN;
            if (a[g] > largest) {
                largest = a[g];
            }
        }
        for (int g = 0; g < a.length; g++) {
            if (Double.isNaN(a[g])) {
                a[g] = largest * 1e3;
            }
        }
        return a;
    }

    /**
     * Checks per-group factors.
     *
     * @param factors the factors
     * @param groupCount the number of groups they are for
     * @return a copy of the factors
     * @throws IllegalArgumentException naming the count or the factor that is wrong
     */
    static double[] check(double[] factors, long groupCount) {
        if (factors.length != groupCount) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "groupFactors needs one factor per group (%d), found %d", groupCount, factors.length));
        }
        for (int g = 0; g < factors.length; g++) {
            if (!(factors[g] >= 0 && Double.isFinite(factors[g]))) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "groupFactors[%d] must be finite and >= 0, found %s", g, factors[g]));
            }
        }
        return factors.clone();
    }

}
