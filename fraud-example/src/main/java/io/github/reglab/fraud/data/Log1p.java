package io.github.reglab.fraud.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code log(1 + x)} transform of heavy-tailed, non-negative feature columns (the public schema's transaction
 * {@code Amount}), applied before standardization in training and in scoring alike. On raw amounts a standardized
 * value is dominated by a few large purchases, so the small test charges fraud starts with differ from ordinary
 * purchases by a few hundredths of a standard deviation; after the log they are several units apart.
 *
 * @param columns the transformed columns' names, without duplicates
 */
public record Log1p(List<String> columns) {

    /** The column the default transform applies to when the data has it. */
    public static final String AMOUNT = "Amount";

    /** No transform. */
    public static final Log1p NONE = new Log1p(List.of());

    /** Copies and checks. */
    public Log1p {
        columns = List.copyOf(columns);
        if (columns.stream().distinct().count() != columns.size()) {
            throw new IllegalArgumentException("--log-columns names a column twice: " + columns);
        }
    }

    /**
     * Returns each transformed column's index among the features.
     *
     * @param featureNames the feature columns, in order
     * @return one index per transformed column
     * @throws IllegalArgumentException naming a column that is not a feature, and the features there are
     */
    public int[] indexes(List<String> featureNames) {
        int[] idx = new int[columns.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = featureNames.indexOf(columns.get(i));
            if (idx[i] < 0) {
                throw new IllegalArgumentException("--log-columns: '" + columns.get(i) + "' is not a feature column "
                        + "(features: " + featureNames + ")");
            }
        }
        return idx;
    }

    /**
     * Transforms row-major feature rows in place.
     *
     * @param x the rows, {@code [n · d]} row-major
     * @param d the number of features
     * @param idx the transformed columns' indexes ({@link #indexes})
     * @param featureNames the feature columns, for the message
     * @throws IllegalArgumentException naming the column, the row (0-based) and the value when a value is negative
     */
    public void apply(float[] x, int d, int[] idx, List<String> featureNames) {
        for (int row = 0; row < x.length / d; row++) {
            for (int c : idx) {
                float v = x[row * d + c];
                if (!(v >= 0)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "column '%s' has %s in row %d; "
                            + "--log-columns takes log(1 + x), which needs x >= 0", featureNames.get(c), v, row));
                }
                x[row * d + c] = (float) Math.log1p(v);
            }
        }
    }

    /**
     * Returns the table with the columns transformed (a new feature array; the argument is unchanged).
     *
     * @param table the raw table
     * @return the transformed table, or the argument itself when there are no columns
     */
    public Table apply(Table table) {
        if (columns.isEmpty()) {
            return table;
        }
        float[] x = table.features().clone();
        apply(x, table.columns(), indexes(table.featureNames()), table.featureNames());
        return new Table(table.featureNames(), table.labelName(), x, table.labels(), table.time(),
                table.skippedRows());
    }

    /**
     * Resolves the {@code --log-columns} option against the data's features.
     *
     * @param option the names given, {@code ["none"]} for none, or null for the default: {@link #AMOUNT} when the
     *     data has such a feature column
     * @param featureNames the data's feature columns
     * @return the transform
     * @throws IllegalArgumentException when a name given is not a feature column
     */
    public static Log1p resolve(List<String> option, List<String> featureNames) {
        if (option == null) {
            return featureNames.contains(AMOUNT) ? new Log1p(List.of(AMOUNT)) : NONE;
        }
        if (option.size() == 1 && option.get(0).equalsIgnoreCase("none")) {
            return NONE;
        }
        List<String> names = new ArrayList<>();
        for (String s : option) {
            names.add(s.trim());
        }
        Log1p l = new Log1p(names);
        l.indexes(featureNames);
        return l;
    }
}
