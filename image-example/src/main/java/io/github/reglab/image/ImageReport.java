package io.github.reglab.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.reglab.core.io.AtomicFiles;
import io.github.reglab.core.metrics.MulticlassMetrics;
import io.github.reglab.harness.report.ImageGrid;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Files of an image training run: metrics.json, confusion.png and misclassified.png.
 */
final class ImageReport {

    /** Misclassified test images shown. */
    static final int MISCLASSIFIED_SHOWN = 40;

    private ImageReport() {
    }

    static Map<String, Object> metrics(ImageTraining.Outcome o, List<String> classes, int skippedFiles) {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("accuracy", o.test().accuracy());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            perClass.put(classes.get(c), Map.of("precision", o.test().precision()[c], "recall", o.test().recall()[c],
                    "f1", o.test().f1()[c]));
        }
        test.put("per_class", perClass);
        test.put("confusion", o.test().confusion());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test", test);
        m.put("train", Map.of("accuracy", o.train().accuracy()));
        m.put("validation", Map.of("best_accuracy", o.result().bestValue(), "best_epoch", o.result().bestEpoch()));
        m.put("generalization_gap", o.train().accuracy() - o.test().accuracy());
        m.put("epochs", o.result().history().epochs().size());
        m.put("stop", o.result().message());
        // unreadable files left out under --bad-files skip (named in the manifest's configuration)
        m.put("skipped_files", skippedFiles);
        return m;
    }

    static Path confusion(Path png, MulticlassMetrics m, List<String> classes) {
        HeatMapChart chart = new HeatMapChartBuilder().width(900).height(800)
                .title(String.format(Locale.ROOT, "Test confusion matrix (accuracy %.4f)", m.accuracy()))
                .xAxisTitle("predicted").yAxisTitle("actual").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setXAxisLabelRotation(45);
        List<Number[]> cells = new ArrayList<>();
        long[][] cm = m.confusion();
        for (int a = 0; a < cm.length; a++) {
            for (int p = 0; p < cm.length; p++) {
                // x = predicted, y = actual (listed top-down in class order)
                cells.add(new Number[] {p, cm.length - 1 - a, cm[a][p]});
            }
        }
        List<String> reversed = new ArrayList<>(classes);
        java.util.Collections.reverse(reversed);
        chart.addSeries("count", classes, reversed, cells);
        return AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out,
                BitmapEncoder.BitmapFormat.PNG));
    }

    static Path misclassified(Path png, ImageSet test, int[] predicted) {
        List<ImageGrid.Cell> cells = new ArrayList<>();
        for (int i = 0; i < test.size() && cells.size() < MISCLASSIFIED_SHOWN; i++) {
            if (predicted[i] != test.labels()[i]) {
                cells.add(new ImageGrid.Cell(test.pixels(i), shortName(test.classNames().get(predicted[i])) + " ≠ "
                        + shortName(test.classNames().get(test.labels()[i]))));
            }
        }
        if (cells.isEmpty()) {
            cells.add(new ImageGrid.Cell(test.pixels(0), "none misclassified"));
        }
        return ImageGrid.write(png, cells, 8, 3);
    }

    private static String shortName(String s) {
        return s.length() <= 7 ? s : s.substring(0, 7);
    }
}
