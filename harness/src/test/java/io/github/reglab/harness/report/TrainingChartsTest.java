package io.github.reglab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.reglab.core.train.EpochRecord;
import io.github.reglab.core.train.TrainingHistory;

class TrainingChartsTest {

    @TempDir
    Path tmp;

    private static EpochRecord epoch(int e, double loss, double auc) {
        return new EpochRecord(e, loss, 0.01, Map.of("val_loss", loss + 0.1, "auc_roc", auc), 1e-3, 1.0, 100.0);
    }

    @Test
    void lossChartAndOneChartForTheOtherMetrics() throws Exception {
        TrainingHistory h = new TrainingHistory(List.of("val_loss", "auc_roc"),
                List.of(epoch(1, 0.6, 0.7), epoch(2, 0.5, 0.8), epoch(3, 0.45, 0.79)));
        List<Path> files = TrainingCharts.write(h, tmp, "curves", 2);
        assertEquals(List.of(tmp.resolve("curves-loss.png"), tmp.resolve("curves-metrics.png")), files);
        for (Path p : files) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(Charts.WIDTH, img.getWidth(), p.toString());
        }
    }

    @Test
    void onlyLossMeansOneChartAndNoEpochsNone() {
        TrainingHistory lossOnly = new TrainingHistory(List.of("val_loss"),
                List.of(new EpochRecord(1, 0.6, 0, Map.of("val_loss", 0.7), 1e-3, 1.0, 100.0)));
        assertEquals(1, TrainingCharts.write(lossOnly, tmp, "a", -1).size());
        assertTrue(TrainingCharts.write(new TrainingHistory(List.of("val_loss"), List.of()), tmp, "b", -1).isEmpty());
    }
}
