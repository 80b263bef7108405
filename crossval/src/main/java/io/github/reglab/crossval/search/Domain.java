package io.github.reglab.crossval.search;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The values one parameter may take: a list (grid, or a uniform choice in random search), a uniform range or a
 * log-uniform range (random search only).
 */
public sealed interface Domain extends Serializable {

    /**
     * Returns one value drawn from this domain.
     *
     * @param random the generator
     * @return one value drawn from this domain
     */
    Object draw(SplittableRandom random);

    /**
     * A list of values: numbers ({@link Double}) or flags ({@link Boolean}).
     *
     * @param values the values, at least one
     * @serial exclude
     */
    record Values(List<Object> values) implements Domain {
        private static final long serialVersionUID = 1L;

        /**
         * Copies and checks the list.
         *
         * @param values the values, at least one
         */
        public Values {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a parameter needs at least one value");
            }
        }

        @Override
        public Object draw(SplittableRandom random) {
            return values.get(random.nextInt(values.size()));
        }
    }

    /**
     * Uniform in [low, high].
     *
     * @param low the lower bound
     * @param high the upper bound, &ge; low
     * @serial exclude
     */
    record Uniform(double low, double high) implements Domain {
        private static final long serialVersionUID = 1L;

        /**
         * Checks the bounds.
         *
         * @param low the lower bound
         * @param high the upper bound, &ge; low
         */
        public Uniform {
            if (!(Double.isFinite(low) && Double.isFinite(high) && low <= high)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "uniform range needs finite low <= "
                        + "high, found %s..%s", low, high));
            }
        }

        @Override
        public Object draw(SplittableRandom random) {
            return low + (high - low) * random.nextDouble();
        }
    }

    /**
     * Log-uniform in [low, high]: the exponent is uniform, as for regularization strengths spanning decades.
     *
     * @param low the lower bound, &gt; 0
     * @param high the upper bound, &ge; low
     * @serial exclude
     */
    record LogUniform(double low, double high) implements Domain {
        private static final long serialVersionUID = 1L;

        /**
         * Checks the bounds.
         *
         * @param low the lower bound, &gt; 0
         * @param high the upper bound, &ge; low
         */
        public LogUniform {
            if (!(low > 0 && Double.isFinite(high) && low <= high)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "log range needs 0 < low <= high, "
                        + "found %s..%s", low, high));
            }
        }

        @Override
        public Object draw(SplittableRandom random) {
            return Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * random.nextDouble());
        }
    }
}
