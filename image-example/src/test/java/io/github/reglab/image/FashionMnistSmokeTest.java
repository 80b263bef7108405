package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Fashion-MNIST (Debian's dataset-fashion-mnist, which .ci/run installs): a short run on a few thousand images
 * must reach 75 % test accuracy; the slow-tagged full runs are the 94.0 % goal.
 */
class FashionMnistSmokeTest {

    @TempDir
    Path tmp;

    @Test
    void fewThousandImagesReachSeventyFivePercent() throws Exception {
        assertTrue(FashionMnist.complete(FashionMnist.DEBIAN_DIR) || System.getenv(FashionMnist.ENV) != null,
                "Fashion-MNIST is needed: apt-get install dataset-fashion-mnist (as .ci/run does)");
        ImageTrainCommand c = new ImageTrainCommand();
        c.common.set(42, 3, 128, tmp.resolve("run"), false, 0);
        c.data.trainLimit = 6000;
        c.data.testLimit = 2000;
        ImageTrainCommand.Result r = c.run();
        assertTrue(r.testAccuracy() >= 0.75, "test accuracy " + r.testAccuracy());
        assertTrue(Files.size(r.runDirectory().resolve("misclassified.png")) > 0);
    }

    @Test
    void ablationTabulatesEverySetting() throws Exception {
        AblationCommand a = new AblationCommand();
        a.common.set(42, 1, 128, tmp.resolve("ablation"), false, 5);
        a.data.trainLimit = 1000;
        a.data.testLimit = 500;
        a.configs = java.util.List.of("none", "l2", "all");
        AblationCommand.Result r = a.run();
        assertEquals(3, r.rows().size());
        assertEquals(4, Files.readAllLines(r.runDirectory().resolve("ablation.csv")).size());
        String md = Files.readString(r.runDirectory().resolve("ablation.md"));
        assertTrue(md.contains("| all |") && md.contains("| s/epoch (median) |"), md);
        assertTrue(Files.size(r.runDirectory().resolve("ablation-validation.png")) > 0);
    }

    /**
     * The goal of issue #29: a mean test accuracy of at least 94.0 % over seeds 42 and 7 on the full data within 30
     * epochs, with the defaults (two blocks, dense 1024, random erasing, label smoothing, SWA over epochs 20-29;
     * 56-75 min per seed here with two runs sharing 2 cores). Measured: 94.07 % and 94.27 %, mean 94.17 %
     * (docs/results/image.md). The margin is under one standard error of an accuracy on 10,000 test images (about
     * 0.24 points per seed).
     */
    @Test
    @Tag("slow")
    void fullTrainingReachesTheGoal() throws Exception {
        double sum = 0;
        for (long seed : new long[] {42, 7}) {
            ImageTrainCommand c = new ImageTrainCommand();
            c.common.set(seed, 30, 128, tmp.resolve("full-" + seed), false, 0);
            ImageTrainCommand.Result r = c.run();
            sum += r.testAccuracy();
        }
        assertTrue(sum / 2 >= 0.94, "mean test accuracy " + sum / 2);
    }
}
