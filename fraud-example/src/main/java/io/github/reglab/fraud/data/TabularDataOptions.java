package io.github.reglab.fraud.data;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.reglab.harness.run.OptionChecks;
import picocli.CommandLine.Option;

/**
 * Command-line options for labelled tabular data, shared by the fraud application and cross-validation (picocli
 * mixin): a CSV file, or the built-in transaction generator when {@code --data} is not given.
 */
public final class TabularDataOptions {

    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV with a header: numeric features and a 0/1 label column. Default: the built-in "
                    + "generator of synthetic transactions (--rows, --fraud-rate, --seed).")
    private Path data;

    @Option(names = "--label", defaultValue = "Class", paramLabel = "NAME",
            description = "Label column (0/1). Default: ${DEFAULT-VALUE}.")
    private String label;

    @Option(names = "--drop-columns", split = ",", paramLabel = "NAME",
            description = "Columns to leave out of the features, comma-separated (ids, for example).")
    private List<String> drop = List.of();

    @Option(names = "--time-column", defaultValue = "Time", paramLabel = "NAME",
            description = "Column that orders rows in time, for --split time (used when present). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String timeColumn;

    @Option(names = "--bad-rows", defaultValue = "FAIL", paramLabel = "fail|skip",
            description = "Unusable rows (not a number, NaN/Inf, label not 0/1, wrong field count): fail with the "
                    + "file, line, column and value, or skip and count them. Default: fail.")
    private BadRows badRows;

    @Option(names = "--log-columns", split = ",", paramLabel = "NAME",
            description = "Feature columns to transform with log(1 + x) before standardization (values must be >= 0); "
                    + "'none' for none. Default: Amount, when the data has that column (the public schema's "
                    + "heavy-tailed transaction amount).")
    private List<String> logColumns;

    @Option(names = "--rows", defaultValue = "284807",
            description = "Rows of built-in data. Default: ${DEFAULT-VALUE} (the public data set has 284807).")
    private int rows;

    @Option(names = "--fraud-rate", defaultValue = "0.00172",
            description = "Fraud share of built-in data, in (0, 1). Default: ${DEFAULT-VALUE}.")
    private double fraudRate;

    /**
     * @return the CSV file, or null for built-in data
     */
    public Path data() {
        return data;
    }

    /**
     * @return what to do with unusable rows
     */
    public BadRows badRows() {
        return badRows;
    }

    /**
     * @return the label column's name
     */
    public String label() {
        return label;
    }

    /**
     * @return the columns to drop
     */
    public Set<String> drop() {
        return new LinkedHashSet<>(drop);
    }

    /**
     * Loads the table: reads {@code --data} or generates built-in data.
     *
     * @param seed the generator's seed
     * @return the table
     */
    public Table load(long seed) {
        if (data != null) {
            return LabelledCsv.readTable(data, label, drop(), timeColumn, badRows, logColumns);
        }
        OptionChecks.inRange("--rows", rows, 10, 50_000_000);
        OptionChecks.inRange("--fraud-rate", fraudRate, 0, 1, false, false);
        Log1p log = OptionChecks.asBadOption(() -> log1p(TransactionGenerator.featureNames()));
        return log.apply(TransactionGenerator.generate(rows, fraudRate, seed));
    }

    /**
     * The log transform {@link #load} applies to data with these features.
     *
     * @param featureNames the data's feature columns
     * @return the transform
     * @throws IllegalArgumentException when {@code --log-columns} names a column that is not a feature
     */
    public Log1p log1p(List<String> featureNames) {
        return Log1p.resolve(logColumns, featureNames);
    }

    /**
     * Sets the options in code.
     *
     * @param dataFile the CSV file or null
     * @param generatedRows rows of built-in data
     * @param generatedFraudRate fraud share of built-in data
     * @param bad the bad-row policy
     * @return this
     */
    public TabularDataOptions set(Path dataFile, int generatedRows, double generatedFraudRate, BadRows bad) {
        this.data = dataFile;
        this.rows = generatedRows;
        this.fraudRate = generatedFraudRate;
        this.badRows = bad;
        this.label = "Class";
        this.timeColumn = "Time";
        this.logColumns = null;
        return this;
    }

    /**
     * The data options as a manifest records them.
     *
     * @param data the CSV file, or {@code built-in generator}
     * @param label the label column
     * @param dropColumns columns left out
     * @param timeColumn the time column
     * @param badRows what happens to malformed rows
     * @param rows generated rows (built-in generator only)
     * @param fraudRate generated fraud rate (built-in generator only)
     * @param logColumns the {@code --log-columns} option as given, or null for the default
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Description(String data, String label, List<String> dropColumns, String timeColumn, BadRows badRows,
            Integer rows, Double fraudRate, List<String> logColumns) {
    }

    /**
     * Describes the data options for the manifest.
     *
     * @return the description
     */
    public Description describe() {
        return new Description(data == null ? "built-in generator" : data.toAbsolutePath().toString(), label, drop,
                timeColumn, badRows, data == null ? rows : null, data == null ? fraudRate : null, logColumns);
    }
}
