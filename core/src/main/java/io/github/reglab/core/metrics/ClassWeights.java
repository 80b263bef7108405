package io.github.reglab.core.metrics;

/**
 * Class weights for imbalanced data.
 */
public final class ClassWeights {

    private ClassWeights() {
    }

    /**
     * scikit-learn's {@code class_weight='balanced'}: {@code w_c = n / (k · count_c)}, so every class carries the
     * same total weight.
     *
     * @param labels class indices in [0, k)
     * @param k the number of classes, &ge; 2
     * @return one weight per class
     * @throws IllegalArgumentException when a label is out of range or a class has no example
     */
    public static double[] balanced(int[] labels, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("number of classes must be >= 2, found " + k);
        }
        long[] counts = new long[k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("label at index " + i + " is " + labels[i] + ", expected [0, "
                        + (k - 1) + "]");
            }
            counts[labels[i]]++;
        }
        double[] w = new double[k];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("class " + c + " has no examples; balanced weights are undefined");
            }
            w[c] = (double) labels.length / (k * (double) counts[c]);
        }
        return w;
    }
}
