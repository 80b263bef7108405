package io.github.reglab.harness.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import javax.imageio.ImageIO;

import io.github.reglab.core.io.AtomicFiles;

/**
 * A PNG grid of small images with optional captions (augmentation previews, misclassified examples). Pixels are
 * given as values in [0, 1], channel-first ({@code [channels][height][width]}, 1 or 3 channels).
 */
public final class ImageGrid {

    /** Height of a caption line in pixels. */
    public static final int CAPTION_HEIGHT = 14;
    /** Gap between cells in pixels. */
    public static final int GAP = 4;

    private ImageGrid() {
    }

    /**
     * One cell of the grid.
     *
     * @param pixels {@code [channels][height][width]} values in [0, 1] (clipped)
     * @param caption text under the image, or null
     */
    public record Cell(float[][][] pixels, String caption) {

        /** Checks the shape. */
        public Cell {
            Objects.requireNonNull(pixels, "pixels");
            if (pixels.length != 1 && pixels.length != 3) {
                throw new IllegalArgumentException("an image needs 1 or 3 channels, found " + pixels.length);
            }
        }
    }

    /**
     * Writes the grid.
     *
     * @param png the file
     * @param cells the images, row by row
     * @param columns cells per row, &ge; 1
     * @param scale pixel magnification, &ge; 1
     * @return png
     */
    public static Path write(Path png, List<Cell> cells, int columns, int scale) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("an image grid needs at least one image");
        }
        if (columns < 1 || scale < 1) {
            throw new IllegalArgumentException("columns and scale must be >= 1, found " + columns + " and " + scale);
        }
        int h = cells.get(0).pixels()[0].length;
        int w = cells.get(0).pixels()[0][0].length;
        boolean captions = cells.stream().anyMatch(c -> c.caption() != null);
        int cellW = w * scale;
        int cellH = h * scale + (captions ? CAPTION_HEIGHT : 0);
        int rows = (cells.size() + columns - 1) / columns;
        BufferedImage img = new BufferedImage(columns * (cellW + GAP) + GAP, rows * (cellH + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            for (int i = 0; i < cells.size(); i++) {
                Cell c = cells.get(i);
                if (c.pixels()[0].length != h || c.pixels()[0][0].length != w) {
                    throw new IllegalArgumentException("image " + i + " is " + c.pixels()[0][0].length + "x"
                            + c.pixels()[0].length + ", the first is " + w + "x" + h + "; all must match");
                }
                int x0 = GAP + (i % columns) * (cellW + GAP);
                int y0 = GAP + (i / columns) * (cellH + GAP);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int rgb = rgb(c.pixels(), y, x);
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                            }
                        }
                    }
                }
                if (c.caption() != null) {
                    g.setColor(Color.BLACK);
                    g.drawString(c.caption(), x0, y0 + h * scale + CAPTION_HEIGHT - 3);
                }
            }
        } finally {
            g.dispose();
        }
        return AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
    }

    private static int rgb(float[][][] p, int y, int x) {
        int r = level(p[0][y][x]);
        int gr = p.length == 3 ? level(p[1][y][x]) : r;
        int b = p.length == 3 ? level(p[2][y][x]) : r;
        return (r << 16) | (gr << 8) | b;
    }

    private static int level(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
