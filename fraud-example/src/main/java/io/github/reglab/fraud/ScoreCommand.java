package io.github.reglab.fraud;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import io.github.reglab.core.io.AtomicFiles;
import io.github.reglab.fraud.data.BadRows;
import io.github.reglab.fraud.data.LabelledCsv;
import io.github.reglab.harness.data.DataFormatException;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.OutputFiles;
import io.github.reglab.harness.run.Progress;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fraud score}: streams any number of rows through a trained model in constant memory and writes the input
 * columns plus {@code fraud_probability} and {@code fraud_flag}. The output appears only when complete.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score a CSV with a trained model.zip (label column optional).")
public final class ScoreCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreCommand.class);

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "model.zip from fraud train.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV to score.")
    Path data;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "CSV to write (never --data or "
            + "--model; an existing file only with --force).")
    Path output;

    @Option(names = "--force", description = "Replace an existing --output file.")
    boolean force;

    @Option(names = "--batch-rows", defaultValue = "4096",
            description = "Rows scored at a time (memory use is proportional to this). Default: ${DEFAULT-VALUE}.")
    int batchRows = 4096;

    @Option(names = "--bad-rows", defaultValue = "FAIL", paramLabel = "fail|skip",
            description = "Unusable rows: fail naming file, line, column and value, or skip them. Default: fail.")
    BadRows badRows = BadRows.FAIL;

    /**
     * The outcome.
     *
     * @param output the file written
     * @param rows rows scored
     * @param flagged rows flagged as fraud
     * @param skipped rows skipped under --bad-rows skip
     */
    public record Result(Path output, long rows, long flagged, int skipped) {
    }

    @Override
    public Integer call() {
        run();
        return AppLauncher.OK;
    }

    /**
     * @return the outcome
     */
    public Result run() {
        OptionChecks.inRange("--batch-rows", batchRows, 1, 1_000_000);
        try (OutputFiles.Claim claim = OutputFiles.claim(output, force, Map.of("--data", data, "--model", model))) {
            return score(claim.output());
        }
    }

    private Result score(Path output) {
        FraudModel m = FraudModel.read(model);
        List<String> header;
        try (LabelledCsv probe = LabelledCsv.open(data, m.labelName(), false, Set.of(), null, badRows)) {
            header = probe.header();
        }
        Set<String> drop = columnsToDrop(m, header);
        long[] counts = new long[2];
        int[] skipped = new int[1];
        AtomicFiles.write(output, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            try (LabelledCsv csv = LabelledCsv.open(data, null, false, drop, null, badRows)) {
                // the model log-transforms these: a negative value is a bad row, with its line, before scoring
                csv.requireNonNegative(m.log1p().columns());
                List<String> names = csv.featureNames();
                int d = names.size();
                int[] pos = new int[d];
                for (int j = 0; j < d; j++) {
                    pos[j] = names.indexOf(m.featureNames().get(j));
                }
                List<String> outHeader = new ArrayList<>(header);
                outHeader.add("fraud_probability");
                outHeader.add("fraud_flag");
                w.write(csvLine(outHeader));
                Batch batch = new Batch(m, w, d, pos);
                long lastLine = 1;
                try (Progress progress = Progress.start("scoring " + data.getFileName(), dataLines(data) - 1)) {
                    for (LabelledCsv.Row r; (r = csv.next()) != null; ) {
                        if (batch.rows == 0 && batch.pending.isEmpty()) {
                            checkBatchFits(r, Runtime.getRuntime().maxMemory());
                        }
                        if (batch.add(r) == batchRows) {
                            batch.flush();
                            progress.step(r.line() - lastLine); // skipped and blank lines count as read
                            lastLine = r.line();
                        }
                    }
                    batch.flush();
                }
                counts[0] = batch.rows;
                counts[1] = batch.flagged;
                skipped[0] = csv.skipped().values().stream().mapToInt(Integer::intValue).sum();
            }
            w.flush();
        });
        LOG.info("Scored {} rows ({} flagged as fraud at threshold {}) into {}{}", counts[0], counts[1],
                m.threshold(), output.toAbsolutePath(), skipped[0] > 0 ? "; skipped " + skipped[0] + " bad rows" : "");
        return new Result(output, counts[0], counts[1], skipped[0]);
    }

    /**
     * The file's columns that are not model features (the label included: scoring never reads it, so new
     * transactions with an empty or '?' label score like any other).
     *
     * @throws DataFormatException naming the model features the file lacks
     */
    private Set<String> columnsToDrop(FraudModel m, List<String> header) {
        List<String> missing = new ArrayList<>();
        for (String f : m.featureNames()) {
            if (!header.contains(f)) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw new DataFormatException("data file " + data + " lacks the model's feature column(s) " + missing
                    + " (model features: " + m.featureNames() + "; file columns: " + header + ")");
        }
        Set<String> drop = new HashSet<>();
        for (String h : header) {
            if (!m.featureNames().contains(h)) {
                drop.add(h);
            }
        }
        return drop;
    }

    /**
     * The lines of a file (a last line without a line break counts), for the progress total: one streaming pass
     * over the bytes, much faster than parsing them.
     */
    static long dataLines(Path file) throws IOException {
        long lines = 0;
        int last = '\n';
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                last = buf[n - 1];
            }
        }
        return last == '\n' ? lines : lines + 1;
    }

    /**
     * Refuses a {@code --batch-rows} whose pending rows cannot fit in half the heap (the other half is the output
     * lines being formatted and the collector's room): each pending row keeps its fields as Java strings, about
     * 56 bytes plus the characters per field (object and array headers, the list's reference), estimated from the
     * file's first row. The largest value allowed (a million rows of 31 fields) takes about 2.5 GB; it thrashed the
     * collector for minutes under a 2 GB heap before failing.
     *
     * @param first the file's first data row
     * @param heap the heap's maximum size in bytes
     */
    void checkBatchFits(LabelledCsv.Row first, long heap) {
        long chars = 0;
        for (String f : first.fields()) {
            chars += f.length();
        }
        long perRow = 64 + 56L * first.fields().size() + chars + 4L * first.features().length;
        if (perRow * batchRows > heap / 2) {
            throw new OptionChecks.BadOptionException(String.format(Locale.ROOT, "--batch-rows %d holds about %.0f "
                    + "MiB of rows in memory (about %d bytes per row of %s's %d columns), more than half the %.0f "
                    + "MiB heap; use --batch-rows %d or less, or give the JVM more heap (-Xmx, JAVA_OPTS for "
                    + "./suite)", batchRows, perRow * (double) batchRows / (1 << 20), perRow, data.getFileName(),
                    first.fields().size(), heap / (double) (1 << 20), Math.max(1, heap / 2 / perRow)));
        }
    }

    /** Rows waiting to be scored together, and the counts of rows written. */
    private final class Batch {
        private final FraudModel model;
        private final Writer out;
        private final int d;
        private final int[] pos;
        private final List<LabelledCsv.Row> pending = new ArrayList<>(batchRows);
        private final float[] x;
        private long rows;
        private long flagged;

        Batch(FraudModel model, Writer out, int d, int[] pos) {
            this.model = model;
            this.out = out;
            this.d = d;
            this.pos = pos;
            this.x = new float[batchRows * d];
        }

        /** Adds a row, its features in the model's order; returns the number pending. */
        int add(LabelledCsv.Row r) {
            int i = pending.size();
            float[] f = r.features();
            for (int j = 0; j < d; j++) {
                x[i * d + j] = f[pos[j]];
            }
            pending.add(r);
            return pending.size();
        }

        /** Scores and writes the pending rows. */
        void flush() throws java.io.IOException {
            int n = pending.size();
            if (n == 0) {
                return;
            }
            float[] values = n * d == x.length ? x : java.util.Arrays.copyOf(x, n * d);
            double[] p = model.fraudProbability(Nd4j.create(values, new long[] {n, d}, 'c'));
            for (int i = 0; i < n; i++) {
                boolean flag = p[i] >= model.threshold();
                List<String> fields = new ArrayList<>(pending.get(i).fields());
                fields.add(String.format(Locale.ROOT, "%.6g", p[i]));
                fields.add(flag ? "1" : "0");
                out.write(csvLine(fields));
                rows++;
                flagged += flag ? 1 : 0;
            }
            pending.clear();
        }
    }

    private static String csvLine(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (i > 0) {
                b.append(',');
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0) {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                b.append(f);
            }
        }
        return b.append('\n').toString();
    }
}
