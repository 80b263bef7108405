package io.github.reglab.crossval.fraud;

import java.io.Serializable;

/**
 * Per-column standardization {@code (x − mean) / std} fitted on chosen rows only (population standard deviation,
 * as ND4J's {@code NormalizerStandardize}; a constant column keeps std 1).
 *
 * @param mean per-column mean
 * @param std per-column standard deviation, &gt; 0
 */
public record Standardizer(double[] mean, double[] std) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * @param x row-major features
     * @param columns columns per row
     * @param rows the rows to fit on
     * @return the fitted standardizer
     */
    public static Standardizer fit(float[] x, int columns, int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot fit a standardizer on 0 rows");
        }
        double[] mean = new double[columns];
        double[] m2 = new double[columns];
        int n = 0;
        for (int r : rows) {
            n++;
            int base = r * columns;
            for (int c = 0; c < columns; c++) {
                double v = x[base + c];
                double d = v - mean[c];
                mean[c] += d / n;
                m2[c] += d * (v - mean[c]);
            }
        }
        double[] std = new double[columns];
        for (int c = 0; c < columns; c++) {
            double s = Math.sqrt(m2[c] / n);
            std[c] = s > 1e-12 ? s : 1;
        }
        return new Standardizer(mean, std);
    }

    /**
     * @param x row-major features
     * @param rows the rows to take
     * @return those rows standardized, row-major
     */
    public float[] apply(float[] x, int[] rows) {
        int columns = mean.length;
        float[] out = new float[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            int base = rows[i] * columns;
            for (int c = 0; c < columns; c++) {
                out[i * columns + c] = (float) ((x[base + c] - mean[c]) / std[c]);
            }
        }
        return out;
    }
}
