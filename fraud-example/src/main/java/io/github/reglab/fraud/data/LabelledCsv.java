package io.github.reglab.fraud.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.github.reglab.harness.data.DataFormatException;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;

/**
 * Reads a CSV file with a header row of numeric features and an optional 0/1 label column, through DataVec's
 * {@code CSVRecordReader} (streaming: one record at a time). Line numbers in messages count the header as line 1
 * and assume no field contains a line break.
 *
 * <p>Use {@link #readTable} to load a whole labelled file, or {@link #open} and {@link #next} to stream rows
 * (scoring any number of rows in constant memory).
 */
public final class LabelledCsv implements Closeable {

    private final Path file;
    private final CSVRecordReader reader;
    private final List<String> header;
    private final int[] featureColumns;
    private final int labelColumn;
    private final int timeColumn;
    private final BadRows badRows;
    private final Map<String, Integer> skipped = new TreeMap<>();
    /** Per feature: whether a negative value makes the row unusable ({@link #requireNonNegative}). */
    private final boolean[] nonNegative;
    private long line = 1;

    /**
     * One row read.
     *
     * @param line the line number in the file
     * @param fields the raw fields, as in the file
     * @param features the feature values, in {@link #featureNames()} order
     * @param label the label, or -1 when the file has no label column
     * @param time the time column's value, or NaN
     */
    public record Row(long line, List<String> fields, float[] features, int label, double time) {
    }

    private LabelledCsv(Path file, CSVRecordReader reader, List<String> header, int[] featureColumns,
            int labelColumn, int timeColumn, BadRows badRows) {
        this.file = file;
        this.reader = reader;
        this.header = List.copyOf(header);
        this.featureColumns = featureColumns;
        this.labelColumn = labelColumn;
        this.timeColumn = timeColumn;
        this.badRows = badRows;
        this.nonNegative = new boolean[featureColumns.length];
    }

    /**
     * Makes a negative value in these feature columns an unusable row (handled by the bad-row policy, like a value
     * that is not a number), for columns that will be log-transformed ({@link Log1p}). Call it before reading.
     *
     * @param columns feature column names
     * @throws DataFormatException naming the file and a column that is not a feature
     */
    public void requireNonNegative(List<String> columns) {
        List<String> names = featureNames();
        for (String c : columns) {
            int j = names.indexOf(c);
            if (j < 0) {
                throw new DataFormatException("data file " + file + " has no feature column '" + c + "' (features: "
                        + names + ")");
            }
            nonNegative[j] = true;
        }
    }

    /**
     * Opens a file and reads its header.
     *
     * @param file the CSV file
     * @param label the label column's name, or null to read no label (scoring)
     * @param labelRequired whether a missing label column is an error (training) or allowed (scoring)
     * @param drop columns to leave out of the features (ids, for example); unknown names are an error
     * @param timeColumn the name of a time column to capture (it stays a feature unless dropped), or null
     * @param badRows what to do with unusable rows
     * @return the open reader
     * @throws DataFormatException when the file is missing, empty or its header does not fit
     */
    public static LabelledCsv open(Path file, String label, boolean labelRequired, Set<String> drop,
            String timeColumn, BadRows badRows) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException("data file " + file + " does not exist or is not a file");
        }
        CSVRecordReader reader = new CSVRecordReader(0, ',', '"');
        try {
            reader.initialize(new FileSplit(file.toFile()));
        } catch (IOException | InterruptedException e) {
            throw new UncheckedIOException("cannot open " + file, e instanceof IOException io ? io
                    : new IOException(e));
        }
        try {
            List<String> header = readHeader(reader, file);
            Map<String, Integer> index = indexColumns(header, file);
            for (String d : drop) {
                if (!index.containsKey(d)) {
                    throw new DataFormatException("data file " + file + " has no column '" + d + "' to drop "
                            + "(columns: " + header + ")");
                }
            }
            Integer labelIdx = index.get(label);
            if (labelIdx == null && labelRequired) {
                throw new DataFormatException("data file " + file + " has no label column '" + label + "' (columns: "
                        + header + "); name it with --label");
            }
            Integer timeIdx = timeColumn == null ? null : index.get(timeColumn);
            List<Integer> features = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                if ((labelIdx == null || i != labelIdx) && !drop.contains(header.get(i))) {
                    features.add(i);
                }
            }
            if (features.isEmpty()) {
                throw new DataFormatException("data file " + file + " has no feature columns left (columns: "
                        + header + ", label '" + label + "', dropped " + drop + ")");
            }
            return new LabelledCsv(file, reader, header, features.stream().mapToInt(Integer::intValue).toArray(),
                    labelIdx == null ? -1 : labelIdx, timeIdx == null ? -1 : timeIdx, badRows);
        } catch (RuntimeException e) {
            try {
                closeReader(reader, file);
            } catch (UncheckedIOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The header row's trimmed names, without the byte-order mark Excel's "CSV UTF-8" puts before the first. */
    private static List<String> readHeader(CSVRecordReader reader, Path file) {
        List<Writable> headerRecord = nextRecord(reader, file, 1);
        if (headerRecord == null) {
            throw new DataFormatException("data file " + file + " is empty: expected a header row and data rows");
        }
        List<String> header = new ArrayList<>();
        for (Writable w : headerRecord) {
            header.add(w.toString().trim());
        }
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1).trim());
        }
        return header;
    }

    /** Column name to position; every column needs a name, and no name may appear twice. */
    private static Map<String, Integer> indexColumns(List<String> header, Path file) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).isEmpty()) {
                throw new DataFormatException("data file " + file + ", line 1: column " + (i + 1) + " has no name; "
                        + "every column needs one (reports and models refer to columns by name)");
            }
            if (index.put(header.get(i), i) != null) {
                throw new DataFormatException("data file " + file + ", line 1: column name '" + header.get(i)
                        + "' appears twice");
            }
        }
        return index;
    }

    /**
     * @return the header's column names, in file order
     */
    public List<String> header() {
        return header;
    }

    /**
     * @return the feature column names, in feature order
     */
    public List<String> featureNames() {
        List<String> n = new ArrayList<>(featureColumns.length);
        for (int c : featureColumns) {
            n.add(header.get(c));
        }
        return n;
    }

    /**
     * @return whether the file has the label column
     */
    public boolean hasLabel() {
        return labelColumn >= 0;
    }

    /**
     * @return whether the file has the time column
     */
    public boolean hasTime() {
        return timeColumn >= 0;
    }

    /**
     * @return rows skipped so far, by reason
     */
    public Map<String, Integer> skipped() {
        return Map.copyOf(skipped);
    }

    /**
     * @return the next usable row, or null at the end of the file
     * @throws DataFormatException for an unusable row under {@link BadRows#FAIL}
     */
    public Row next() {
        while (true) {
            List<Writable> rec = nextRecord(reader, file, line + 1);
            if (rec == null) {
                return null;
            }
            line++;
            if (rec.size() == 1 && rec.get(0).toString().isBlank()) {
                continue; // a blank line (a trailing newline too many) is not a row
            }
            Row r = parse(rec);
            if (r != null) {
                return r;
            }
        }
    }

    /**
     * Reads the next record, or null at the end; DataVec's parse errors (an unbalanced quote, for example) become
     * a {@link DataFormatException} naming the file and the line, whatever the bad-row policy: after one, where the
     * next row starts is unknown.
     */
    private static List<Writable> nextRecord(CSVRecordReader reader, Path file, long lineNumber) {
        try {
            return reader.hasNext() ? reader.next() : null;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DataFormatException("data file " + file + ", line " + lineNumber + ": not a readable CSV "
                    + "record (" + cause.getMessage() + ")");
        }
    }

    private Row parse(List<Writable> rec) {
        if (rec.size() != header.size()) {
            return bad("wrong field count", String.format(Locale.ROOT, "has %d fields but the header has %d",
                    rec.size(), header.size()));
        }
        List<String> fields = new ArrayList<>(rec.size());
        for (Writable w : rec) {
            fields.add(w.toString());
        }
        float[] x = new float[featureColumns.length];
        for (int j = 0; j < featureColumns.length; j++) {
            int c = featureColumns[j];
            Double v = number(fields.get(c));
            if (v == null) {
                return bad("not a number", "column '" + header.get(c) + "': value '" + fields.get(c)
                        + "' is not a number");
            }
            if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                return bad("NaN or infinite", "column '" + header.get(c) + "': value '" + fields.get(c)
                        + "' is NaN or infinite (or beyond float range)");
            }
            if (nonNegative[j] && v < 0) {
                return bad("negative value in a log column", "column '" + header.get(c) + "': value '"
                        + fields.get(c) + "' is negative; --log-columns takes log(1 + x), which needs x >= 0");
            }
            x[j] = (float) (double) v;
        }
        int label = -1;
        if (labelColumn >= 0) {
            String s = fields.get(labelColumn).trim();
            Double v = number(s);
            if (v == null || (v != 0.0 && v != 1.0)) {
                return bad("label not 0 or 1", "column '" + header.get(labelColumn) + "': label '" + s
                        + "' must be 0 or 1");
            }
            label = (int) (double) v;
        }
        double time = Double.NaN;
        if (timeColumn >= 0) {
            Double v = number(fields.get(timeColumn));
            if (v == null || !Double.isFinite(v)) {
                return bad("bad time", "column '" + header.get(timeColumn) + "': time '" + fields.get(timeColumn)
                        + "' is not a finite number");
            }
            time = v;
        }
        return new Row(line, fields, x, label, time);
    }

    private Row bad(String reason, String detail) {
        if (badRows == BadRows.FAIL) {
            throw new DataFormatException("data file " + file + ", line " + line + ": " + detail
                    + " (use --bad-rows skip to leave such rows out)");
        }
        skipped.merge(reason, 1, Integer::sum);
        return null;
    }

    private static Double number(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Reads a whole labelled file into memory.
     *
     * @param file the CSV file
     * @param label the label column
     * @param drop columns to leave out
     * @param timeColumn a time column to capture, or null
     * @param badRows what to do with unusable rows
     * @return the table
     * @throws DataFormatException on a bad file, no usable rows, or a single class
     */
    public static Table readTable(Path file, String label, Set<String> drop, String timeColumn, BadRows badRows) {
        return readTable(file, label, drop, timeColumn, badRows, Log1p.NONE.columns());
    }

    /**
     * Reads a whole labelled file into memory and log-transforms columns ({@link Log1p}); a negative value in such
     * a column is an unusable row.
     *
     * @param file the CSV file
     * @param label the label column
     * @param drop columns to leave out
     * @param timeColumn a time column to capture, or null
     * @param badRows what to do with unusable rows
     * @param logColumns the {@code --log-columns} option ({@link Log1p#resolve}: null for the default)
     * @return the table, those columns transformed
     * @throws DataFormatException on a bad file, no usable rows, a single class or a log column that is not a
     *     feature
     */
    public static Table readTable(Path file, String label, Set<String> drop, String timeColumn, BadRows badRows,
            List<String> logColumns) {
        try (LabelledCsv csv = open(file, label, true, drop, timeColumn, badRows)) {
            Log1p log;
            try {
                log = Log1p.resolve(logColumns, csv.featureNames());
            } catch (IllegalArgumentException e) {
                throw new DataFormatException("data file " + file + ": " + e.getMessage());
            }
            csv.requireNonNegative(log.columns());
            int d = csv.featureColumns.length;
            checkFitsInHeap(file, d, csv.hasTime(), Runtime.getRuntime().maxMemory());
            float[] x = new float[1024 * d];
            int[] y = new int[1024];
            double[] t = csv.hasTime() ? new double[1024] : null;
            int n = 0;
            for (Row r; (r = csv.next()) != null; ) {
                if (n == y.length) {
                    y = java.util.Arrays.copyOf(y, n * 2);
                    x = java.util.Arrays.copyOf(x, n * 2 * d);
                    if (t != null) {
                        t = java.util.Arrays.copyOf(t, n * 2);
                    }
                }
                System.arraycopy(r.features(), 0, x, n * d, d);
                y[n] = r.label();
                if (t != null) {
                    t[n] = r.time();
                }
                n++;
            }
            if (n == 0) {
                throw new DataFormatException("data file " + file + " has no usable data rows"
                        + (csv.skipped().isEmpty() ? "" : " (skipped: " + csv.skipped() + ")"));
            }
            Table table = new Table(csv.featureNames(), label, java.util.Arrays.copyOf(x, n * d),
                    java.util.Arrays.copyOf(y, n), t == null ? null : java.util.Arrays.copyOf(t, n), csv.skipped());
            int pos = table.positives();
            if (pos == 0 || pos == n) {
                throw new DataFormatException(String.format(Locale.ROOT,
                        "data file %s contains only class %d (%d rows); a binary classifier needs both classes",
                        file, pos == 0 ? 0 : 1, n));
            }
            return log.apply(table);
        }
    }

    /** Rows sampled from the start of a file to estimate its row count. */
    private static final int SAMPLE_ROWS = 200;

    /**
     * Refuses, before reading it, a file whose table cannot fit in the heap: the row count is estimated from the
     * file size and the mean length of its first {@value #SAMPLE_ROWS} lines, and loading needs up to three copies
     * of the floats while the arrays grow.
     *
     * @param file the CSV file
     * @param features feature columns read
     * @param time whether a time column is kept
     * @param maxHeap the heap limit in bytes
     * @throws DataFormatException naming the file, the estimate and the limit when it cannot fit
     */
    static void checkFitsInHeap(Path file, int features, boolean time, long maxHeap) {
        long size;
        long sampled = 0;
        int lines = 0;
        try (java.io.BufferedReader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            size = Files.size(file);
            r.readLine(); // header
            for (String l; lines < SAMPLE_ROWS && (l = r.readLine()) != null; lines++) {
                sampled += l.length() + 1;
            }
        } catch (IOException | UncheckedIOException e) {
            return; // an unreadable file is reported by the reader itself, with its line
        }
        if (lines == 0) {
            return;
        }
        long rows = (long) (size / ((double) sampled / lines));
        long need = estimateHeapBytes(rows, features, time);
        if (need > maxHeap) {
            throw new DataFormatException(String.format(Locale.ROOT, "data file %s has about %,d rows of %d features: "
                    + "loading them needs about %.1f GiB of heap, more than the %.1f GiB limit; raise -Xmx (JAVA_OPTS "
                    + "for ./suite) or use a sample of the file", file, rows, features, need / (double) (1L << 30),
                    maxHeap / (double) (1L << 30)));
        }
    }

    /** Heap bytes while loading {@code rows} rows: three copies of the features, labels and times at peak. */
    static long estimateHeapBytes(long rows, int features, boolean time) {
        return 3 * rows * ((long) features * Float.BYTES + Integer.BYTES + (time ? Double.BYTES : 0));
    }

    @Override
    public void close() {
        closeReader(reader, file);
    }

    private static void closeReader(CSVRecordReader reader, Path file) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
