package io.github.reglab.core.train;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.reglab.core.report.Charts;
import io.github.reglab.core.run.RunDirectory;

/**
 * The per-epoch record of a training run, written as {@code history.csv}, {@code history.json} and two PNG charts.
 *
 * @param metrics the validation metric names, in column order
 * @param epochs one record per epoch
 */
public record TrainingHistory(List<String> metrics, List<EpochRecord> epochs) {

    /** Copies the lists. */
    public TrainingHistory {
        metrics = List.copyOf(metrics);
        epochs = List.copyOf(epochs);
    }

    /**
     * @param name a validation metric
     * @return its value per epoch
     */
    public double[] series(String name) {
        return epochs.stream().mapToDouble(e -> e.validation().getOrDefault(name, Double.NaN)).toArray();
    }

    /**
     * Writes {@code history.csv}: {@code epoch, train_loss, penalty, <metrics…>, learning_rate, seconds,
     * examples_per_second}.
     *
     * @param target the file
     */
    public void writeCsv(Path target) {
        RunDirectory.writeAtomically(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("epoch,train_loss,penalty");
            for (String m : metrics) {
                w.write("," + m);
            }
            w.write(",learning_rate,seconds,examples_per_second\n");
            for (EpochRecord e : epochs) {
                w.write(String.format(Locale.ROOT, "%d,%.8g,%.8g", e.epoch(), e.trainLoss(), e.penalty()));
                for (String m : metrics) {
                    w.write(String.format(Locale.ROOT, ",%.8g", e.validation().getOrDefault(m, Double.NaN)));
                }
                w.write(String.format(Locale.ROOT, ",%.8g,%.4f,%.1f%n", e.learningRate(), e.seconds(),
                        e.examplesPerSecond()));
            }
            w.flush();
        });
    }

    /**
     * Writes {@code <prefix>-loss.png} (train loss, penalty, validation loss) and {@code <prefix>-metrics.png}
     * (every other validation metric), each with a marker at the best epoch.
     *
     * @param dir the folder
     * @param prefix the file name prefix, e.g. {@code curves}
     * @param bestEpoch the best epoch, or -1 for no marker
     * @return the files written
     */
    public List<Path> writeCharts(Path dir, String prefix, int bestEpoch) {
        if (epochs.isEmpty()) {
            return List.of();
        }
        double[] x = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
        Double marker = bestEpoch >= 0 ? (double) bestEpoch : null;
        String markerLabel = "best epoch " + bestEpoch;
        List<Path> written = new ArrayList<>();
        written.add(Charts.lines(dir.resolve(prefix + "-loss.png"), "Loss and penalty", "epoch", "value",
                List.of(Charts.Series.of("train data loss", x, epochs.stream().mapToDouble(EpochRecord::trainLoss)
                        .toArray()),
                        Charts.Series.of("regularization penalty", x, epochs.stream().mapToDouble(EpochRecord::penalty)
                                .toArray()),
                        Charts.Series.of("validation loss", x, series(ValidationMetrics.LOSS))), marker, markerLabel,
                false));
        List<Charts.Series> others = new ArrayList<>();
        for (String m : metrics) {
            if (!m.equals(ValidationMetrics.LOSS)) {
                others.add(Charts.Series.of(m, x, series(m)));
            }
        }
        if (!others.isEmpty()) {
            written.add(Charts.lines(dir.resolve(prefix + "-metrics.png"), "Validation metrics", "epoch", "value",
                    others, marker, markerLabel, false));
        }
        return written;
    }

    /**
     * Writes the history as JSON.
     *
     * @param target the file
     */
    public void writeJson(Path target) {
        RunDirectory.writeJsonAtomically(target, this);
    }
}
