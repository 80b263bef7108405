package io.github.reglab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path tmp;

    @Test
    void writesReadablePngsOfTheDeclaredSize() throws Exception {
        double[] x = {1, 2, 3, 4};
        Path lines = Charts.lines(tmp.resolve("curves.png"), "loss", "epoch", "loss",
                List.of(Charts.Series.of("train", x, new double[] {1, .5, .4, .35}),
                        new Charts.Series("validation", x, new double[] {1.1, .7, .6, .65}, new double[] {.1, .1, .1,
                            .1})), 3.0, "best epoch", false);
        Path bars = Charts.bars(tmp.resolve("bars.png"), "norms", "feature", "L2 norm", List.of("V1", "V2"),
                new double[] {0.5, 0});
        Path hist = Charts.histogram(tmp.resolve("hist.png"), "weights", "w", new double[] {0, 1, 1, 2, Double.NaN},
                4);
        Path logX = Charts.lines(tmp.resolve("path.png"), "path", "lambda", "auc",
                List.of(Charts.Series.of("auc", new double[] {1e-4, 1e-3, 1e-2}, new double[] {.7, .8, .75})), null,
                null, true);
        for (Path p : List.of(lines, bars, hist, logX)) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(Charts.WIDTH, img.getWidth(), p.toString());
            assertEquals(Charts.HEIGHT, img.getHeight(), p.toString());
        }
    }

    @Test
    void rejectsMismatchedSeries() {
        assertThrows(IllegalArgumentException.class,
                () -> Charts.Series.of("bad", new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Charts.histogram(tmp.resolve("h.png"), "t", "x",
                new double[] {Double.NaN}, 3));
    }
}
