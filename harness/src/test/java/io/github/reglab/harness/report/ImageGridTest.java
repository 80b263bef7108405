package io.github.reglab.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    @TempDir
    Path tmp;

    /**
     * Three 2×2 gray images in 2 columns at scale 3, with captions: width 2·(6 + 4) + 4 = 24, height
     * 2·(6 + 14 + 4) + 4 = 52; the first image's top-left pixel (value 1.0) is white, its second (0.0) black.
     */
    @Test
    void layoutAndPixels() throws Exception {
        float[][][] a = {{{1f, 0f}, {0.5f, 2f}}};
        List<ImageGrid.Cell> cells = List.of(new ImageGrid.Cell(a, "a"), new ImageGrid.Cell(a, "b"),
                new ImageGrid.Cell(a, null));
        BufferedImage img = ImageIO.read(ImageGrid.write(tmp.resolve("g.png"), cells, 2, 3).toFile());
        assertEquals(24, img.getWidth());
        assertEquals(52, img.getHeight());
        assertEquals(0xFFFFFF, img.getRGB(ImageGrid.GAP, ImageGrid.GAP) & 0xFFFFFF);
        assertEquals(0x000000, img.getRGB(ImageGrid.GAP + 3, ImageGrid.GAP) & 0xFFFFFF);
        assertEquals(0x808080, img.getRGB(ImageGrid.GAP, ImageGrid.GAP + 3) & 0xFFFFFF);
        assertEquals(0xFFFFFF, img.getRGB(ImageGrid.GAP + 3, ImageGrid.GAP + 3) & 0xFFFFFF, "2.0 is clipped to 1");
    }

    @Test
    void rejectsMismatchedSizes() {
        List<ImageGrid.Cell> cells = List.of(new ImageGrid.Cell(new float[1][2][2], null),
                new ImageGrid.Cell(new float[1][3][3], null));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.write(tmp.resolve("g.png"), cells, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageGrid.Cell(new float[2][2][2], null));
    }
}
