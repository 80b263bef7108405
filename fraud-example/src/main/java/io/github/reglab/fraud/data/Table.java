package io.github.reglab.fraud.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.reglab.harness.data.DataFormatException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Numeric features and binary labels held in memory, row-major. Serializable, so that a distributed job (the
 * cross-validation's Spark executor) can ship it to its workers.
 *
 * @param featureNames one name per feature column
 * @param labelName the label column's name
 * @param features {@code rows × featureNames.size()} values, row-major
 * @param labels one 0/1 label per row
 * @param time the value of the time column per row, or null when the data has none
 * @param skippedRows rows left out under {@code --bad-rows skip}, by reason
 */
public record Table(List<String> featureNames, String labelName, float[] features, int[] labels, double[] time,
        Map<String, Integer> skippedRows) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Checks the sizes. */
    public Table {
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(labelName, "labelName");
        skippedRows = Map.copyOf(skippedRows);
        if (features.length != (long) labels.length * featureNames.size()) {
            throw new IllegalArgumentException(features.length + " feature values for " + labels.length + " rows of "
                    + featureNames.size() + " features");
        }
        if (time != null && time.length != labels.length) {
            throw new IllegalArgumentException(time.length + " time values for " + labels.length + " rows");
        }
    }

    /**
     * @return the number of rows
     */
    public int rows() {
        return labels.length;
    }

    /**
     * @return the number of feature columns
     */
    public int columns() {
        return featureNames.size();
    }

    /**
     * @return the number of rows with label 1
     */
    public int positives() {
        int p = 0;
        for (int y : labels) {
            p += y;
        }
        return p;
    }

    /**
     * @return the total number of rows skipped
     */
    public int skippedTotal() {
        return skippedRows.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * @param rows row indices
     * @return those rows as a data set: features {@code [n, d]} and one-hot labels {@code [n, 2]} (float)
     */
    public DataSet toDataSet(int[] rows) {
        int d = columns();
        float[] x = new float[rows.length * d];
        float[] y = new float[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(features, rows[i] * d, x, i * d, d);
            y[i * 2 + labels[rows[i]]] = 1f;
        }
        INDArray fx = Nd4j.create(x, new long[] {rows.length, d}, 'c');
        INDArray fy = Nd4j.create(y, new long[] {rows.length, 2}, 'c');
        return new DataSet(fx, fy);
    }

    /**
     * Data sets standardized with the statistics of their first part.
     *
     * @param parts the data sets in the order asked for (training part first)
     * @param normalizer ND4J's standardization, fitted on the training part
     */
    public record Standardized(List<DataSet> parts, NormalizerStandardize normalizer) {

        /**
         * @param i the part's position in the request
         * @return that data set
         */
        public DataSet part(int i) {
            return parts.get(i);
        }
    }

    /**
     * The rows as data sets standardized per column (mean 0, standard deviation 1) with statistics of the training
     * rows only, so nothing of the other parts leaks into the scaling.
     *
     * @param trainRows the rows the statistics come from
     * @param otherRows further parts (validation, test), scaled with the same statistics
     * @return the training part, then the others in argument order, and the fitted normalizer
     */
    public Standardized toStandardizedDataSets(int[] trainRows, int[]... otherRows) {
        DataSet train = toDataSet(trainRows);
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(train);
        checkFinite(normalizer);
        normalizer.transform(train);
        List<DataSet> parts = new ArrayList<>(otherRows.length + 1);
        parts.add(train);
        for (int[] rows : otherRows) {
            DataSet part = toDataSet(rows);
            normalizer.transform(part);
            parts.add(part);
        }
        return new Standardized(List.copyOf(parts), normalizer);
    }

    /**
     * Refuses statistics a model could not use: a column whose mean or standard deviation is not finite in float
     * (values around 1e20 square past float's range) would be written into the model as infinity, and every
     * prediction would be NaN.
     */
    private void checkFinite(NormalizerStandardize normalizer) {
        float[] mean = normalizer.getMean().toFloatVector();
        float[] std = normalizer.getStd().toFloatVector();
        for (int j = 0; j < mean.length; j++) {
            if (!Float.isFinite(mean[j]) || !Float.isFinite(std[j])) {
                throw new DataFormatException(String.format(java.util.Locale.ROOT, "column '%s': its values are "
                        + "too large to standardize in single precision (mean %s, standard deviation %s); rescale "
                        + "it (e.g. --log-columns %s for a non-negative column) or drop it (--drop-columns)",
                        featureNames.get(j), mean[j], std[j], featureNames.get(j)));
            }
        }
    }

    /**
     * @param rows row indices
     * @return their labels
     */
    public int[] labelsOf(int[] rows) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = labels[rows[i]];
        }
        return y;
    }
}
