package io.github.reglab.fraud.data;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.github.reglab.core.io.AtomicFiles;

/**
 * Synthetic card transactions in the public credit-card-fraud schema ({@code Time, V1 … V28, Amount, Class}),
 * deterministic from the seed. Built to make regularization matter rather than to be easy:
 * <ul>
 *   <li>four informative features with overlapping class means: fraud has V1 ~ N(−{@value #SHIFT_V1}, 1.3),
 *       V2 ~ N({@value #SHIFT_V2}, 1.2), V3 ~ N(−{@value #SHIFT_V3}, 1.2), V4 ~ N({@value #SHIFT_V4}, 1)
 *       against N(0, 1) for legitimate transactions;</li>
 *   <li>two features a linear model cannot use: fraud has V5 with standard deviation {@value #SD_V5} (same mean)
 *       and V7 correlated with V6 (ρ = 0.8), where legitimate transactions have them independent;</li>
 *   <li>V8 … V28: pure noise, identical for both classes, so feature selection (L1, group lasso) has something
 *       to remove;</li>
 *   <li>heavy-tailed amounts: legitimate log-normal (median ≈ 20), fraud a mixture of small test charges
 *       (median ≈ 3) and large purchases (median ≈ 150);</li>
 *   <li>Time in seconds over two days, increasing, so a time-ordered split works as on the real data.</li>
 * </ul>
 * Fraud is drawn with probability {@code fraudRate} per row (default 0.00172, as in the public data set).
 */
public final class TransactionGenerator {

    /** Default number of rows: the size of the public data set. */
    public static final int DEFAULT_ROWS = 284_807;
    /** Default fraud rate: the public data set's 492 / 284,807. */
    public static final double DEFAULT_FRAUD_RATE = 0.00172;
    /** Name of the label column. */
    public static final String LABEL = "Class";
    /** Name of the time column. */
    public static final String TIME = "Time";
    /** Number of anonymized V columns. */
    public static final int V_COLUMNS = 28;
    /** The features that carry the class signal (see the class documentation); V8–V28 are noise, Time neither. */
    public static final List<String> INFORMATIVE = List.of("V1", "V2", "V3", "V4", "V5", "V6", "V7", "Amount");
    /** Span of Time in seconds (two days, as in the public data). */
    public static final double TIME_SPAN_SECONDS = 172_792;

    static final double SHIFT_V1 = 1.6;
    static final double SHIFT_V2 = 1.5;
    static final double SHIFT_V3 = 1.3;
    static final double SHIFT_V4 = 1.4;
    static final double SD_V5 = 2.5;
    static final double RHO_V6_V7 = 0.8;

    private TransactionGenerator() {
    }

    /**
     * @return the feature column names: Time, V1 … V28, Amount
     */
    public static List<String> featureNames() {
        List<String> names = new ArrayList<>();
        names.add(TIME);
        for (int i = 1; i <= V_COLUMNS; i++) {
            names.add("V" + i);
        }
        names.add("Amount");
        return names;
    }

    /**
     * @param rows number of rows, &ge; 1
     * @param fraudRate probability of fraud per row, in (0, 1)
     * @param seed the seed
     * @return the transactions, Time captured as the time column too
     */
    public static Table generate(int rows, double fraudRate, long seed) {
        check(rows, fraudRate);
        int d = featureNames().size();
        float[] x = new float[rows * d];
        int[] y = new int[rows];
        double[] t = new double[rows];
        SplittableRandom rng = new SplittableRandom(seed);
        double[] row = new double[d];
        for (int i = 0; i < rows; i++) {
            y[i] = row(i, rows, fraudRate, rng, row);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) row[j];
            }
            t[i] = row[0];
        }
        Table table = new Table(featureNames(), LABEL, x, y, t, Map.of());
        int pos = table.positives();
        if (pos == 0 || pos == rows) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%d rows at fraud rate %s drew %d frauds; use more rows or a higher --fraud-rate so both classes "
                            + "occur", rows, fraudRate, pos));
        }
        return table;
    }

    /**
     * Writes the same rows as {@link #generate} to a CSV file with a header, atomically.
     *
     * @param target the file
     * @param rows number of rows
     * @param fraudRate fraud probability
     * @param seed the seed
     * @return the number of fraud rows written
     */
    public static int writeCsv(Path target, int rows, double fraudRate, long seed) {
        check(rows, fraudRate);
        int[] frauds = new int[1];
        AtomicFiles.write(target, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            List<String> names = featureNames();
            w.write(String.join(",", names) + "," + LABEL + "\n");
            SplittableRandom rng = new SplittableRandom(seed);
            double[] row = new double[names.size()];
            StringBuilder sb = new StringBuilder(512);
            for (int i = 0; i < rows; i++) {
                int label = row(i, rows, fraudRate, rng, row);
                frauds[0] += label;
                sb.setLength(0);
                sb.append((long) row[0]);
                for (int j = 1; j < row.length - 1; j++) {
                    // the value as stored in the in-memory table (float), so CSV and table give identical data
                    sb.append(',').append((float) row[j]);
                }
                sb.append(',').append(String.format(Locale.ROOT, "%.2f", row[row.length - 1]));
                sb.append(',').append(label).append('\n');
                w.write(sb.toString());
            }
            w.flush();
        });
        return frauds[0];
    }

    /** Fills one row (Time, V1..V28, Amount) and returns its label. */
    private static int row(int i, int rows, double fraudRate, SplittableRandom rng, double[] row) {
        int fraud = rng.nextDouble() < fraudRate ? 1 : 0;
        row[0] = Math.floor(i * TIME_SPAN_SECONDS / rows);
        for (int j = 1; j <= V_COLUMNS; j++) {
            row[j] = gaussian(rng);
        }
        if (fraud == 1) {
            row[1] = -SHIFT_V1 + 1.3 * row[1];
            row[2] = SHIFT_V2 + 1.2 * row[2];
            row[3] = -SHIFT_V3 + 1.2 * row[3];
            row[4] = SHIFT_V4 + row[4];
            row[5] = SD_V5 * row[5];
            row[7] = RHO_V6_V7 * row[6] + Math.sqrt(1 - RHO_V6_V7 * RHO_V6_V7) * row[7];
        }
        double amount = fraud == 1
                ? (rng.nextDouble() < 0.5 ? Math.exp(1.0 + 0.6 * gaussian(rng)) : Math.exp(5.0 + gaussian(rng)))
                : Math.exp(3.0 + 1.3 * gaussian(rng));
        row[V_COLUMNS + 1] = Math.round(amount * 100) / 100.0;
        return fraud;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static void check(int rows, double fraudRate) {
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be >= 1, found " + rows);
        }
        if (!(fraudRate > 0 && fraudRate < 1)) {
            throw new IllegalArgumentException("--fraud-rate must be in (0, 1), found " + fraudRate);
        }
    }
}
