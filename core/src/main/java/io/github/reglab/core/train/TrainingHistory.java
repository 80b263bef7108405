package io.github.reglab.core.train;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.github.reglab.core.io.AtomicFiles;

/**
 * The per-epoch record of a training run, written as {@code history.csv} and {@code history.json}.
 *
 * @param metrics the validation metric names, in column order
 * @param epochs one record per epoch
 */
public record TrainingHistory(List<String> metrics, List<EpochRecord> epochs) {

    /**
     * Copies the lists.
     *
     * @param metrics the validation metric names, in column order
     * @param epochs one record per epoch
     */
    public TrainingHistory {
        metrics = List.copyOf(metrics);
        epochs = List.copyOf(epochs);
    }

    /**
     * Returns one validation metric per epoch.
     *
     * @param name a validation metric
     * @return its value per epoch (NaN where an epoch did not record it)
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
        AtomicFiles.write(target, out -> {
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
     * Writes the history as JSON.
     *
     * @param target the file
     */
    public void writeJson(Path target) {
        AtomicFiles.writeJson(target, this);
    }
}
