package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;

import io.github.reglab.core.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image main starts on this module's runtime class path with no extra JVM options, as from an IDE, and trains
 * one short epoch on a tiny folder-of-images data set (two classes: dark and bright squares).
 */
class MainsOnRuntimeClasspathTest {

    @Test
    void imageTrainRunsOnTheRuntimeClasspath(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("images");
        for (String c : List.of("dark", "bright")) {
            Path d = Files.createDirectories(data.resolve(c));
            for (int i = 0; i < 20; i++) {
                BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
                int v = c.equals("dark") ? 20 + i : 200 + i;
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        img.getRaster().setSample(x, y, 0, v);
                    }
                }
                ImageIO.write(img, "png", d.resolve(c + i + ".png").toFile());
            }
        }
        ChildJvm.Result r = ChildJvm.run(ImageApp.class.getName(), List.of("-Xmx1g", "-Djava.awt.headless=true"),
                List.of("train", "--folder", data.toString(), "--height", "16", "--width", "16", "--epochs", "1",
                        "--batch-size", "8", "--max-batches", "2", "--output", tmp.resolve("run").toString()),
                Duration.ofMinutes(3));
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(tmp.resolve("run").resolve("model.zip")), r.err());
    }
}
