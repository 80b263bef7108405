package io.github.reglab.harness.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.reglab.core.train.EpochRecord;
import io.github.reglab.core.train.TrainingHistory;
import io.github.reglab.core.train.ValidationMetrics;

/**
 * Learning-curve charts of a {@link TrainingHistory}.
 */
public final class TrainingCharts {

    private TrainingCharts() {
    }

    /**
     * Writes {@code <prefix>-loss.png} (train loss, penalty, validation loss) and {@code <prefix>-metrics.png}
     * (every other validation metric), each with a marker at the best epoch.
     *
     * @param history the history to draw
     * @param dir the folder
     * @param prefix the file name prefix, e.g. {@code curves}
     * @param bestEpoch the best epoch, or -1 for no marker
     * @return the files written
     */
    public static List<Path> write(TrainingHistory history, Path dir, String prefix, int bestEpoch) {
        List<EpochRecord> epochs = history.epochs();
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
                        Charts.Series.of("validation loss", x, history.series(ValidationMetrics.LOSS))),
                marker, markerLabel,
                false));
        List<Charts.Series> others = new ArrayList<>();
        for (String m : history.metrics()) {
            if (!m.equals(ValidationMetrics.LOSS)) {
                others.add(Charts.Series.of(m, x, history.series(m)));
            }
        }
        if (!others.isEmpty()) {
            written.add(Charts.lines(dir.resolve(prefix + "-metrics.png"), "Validation metrics", "epoch", "value",
                    others, marker, markerLabel, false));
        }
        return written;
    }

}
