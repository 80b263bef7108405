package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

import io.github.reglab.harness.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder-of-images dataset end to end on generated PNGs: three classes drawn as a horizontal bar, a vertical bar
 * and a filled square (with noise), colour images of 20×24 resized to 16×16 gray.
 */
class ImageFolderTest {

    static final List<String> CLASSES = List.of("hbar", "square", "vbar");

    @TempDir
    Path tmp;

    static Path makeDataset(Path root, int perClass, long seed) throws Exception {
        Random r = new Random(seed);
        for (String c : CLASSES) {
            Path d = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(24, 20, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.BLACK);
                g.fillRect(0, 0, 24, 20);
                g.setColor(new Color(200 + r.nextInt(56), 200 + r.nextInt(56), 200 + r.nextInt(56)));
                int ox = r.nextInt(5);
                int oy = r.nextInt(5);
                switch (c) {
                    case "hbar" -> g.fillRect(2 + ox, 7 + oy, 16, 4);
                    case "vbar" -> g.fillRect(9 + ox, 1 + oy, 4, 15);
                    default -> g.fillRect(5 + ox, 4 + oy, 10, 10);
                }
                g.dispose();
                ImageIO.write(img, i % 2 == 0 ? "png" : "jpg", d.resolve(c + i + (i % 2 == 0 ? ".png" : ".jpg"))
                        .toFile());
            }
        }
        return root;
    }

    @Test
    void readsResizesAndTrains() throws Exception {
        Path root = makeDataset(tmp.resolve("shapes"), 40, 1);
        ImageFolder.Loaded l = ImageFolder.read(root, 1, 16, 16, false, 3);
        assertEquals(120, l.images().size());
        assertEquals(CLASSES, l.images().classNames());
        assertEquals(16 * 16, l.images().features().columns());
        float max = l.images().features().maxNumber().floatValue();
        assertTrue(max > 0.7f && max <= 1f, "scaled to [0, 1]: " + max);

        ImageTrainCommand c = new ImageTrainCommand();
        c.common.set(7, 4, 16, tmp.resolve("run"), false, 0);
        c.data.folder = root;
        c.data.height = 16;
        c.data.width = 16;
        c.model.filters = 8;
        c.model.dense = 16;
        c.model.augment = false;
        ImageTrainCommand.Result r = c.run();
        for (String f : List.of("model.zip", "metrics.json", "manifest.json", "history.csv", "confusion.png",
                "misclassified.png", "curves-loss.png")) {
            assertTrue(Files.size(r.runDirectory().resolve(f)) > 0, f);
        }
        assertTrue(r.testAccuracy() > 0.6, "three easy shapes, accuracy " + r.testAccuracy());
        String metrics = Files.readString(r.runDirectory().resolve("metrics.json"));
        assertTrue(metrics.contains("\"accuracy\"") && metrics.contains("\"train\""), metrics);
    }

    /** A file left out under {@code --bad-files skip} is counted in metrics.json and named in the manifest. */
    @Test
    void skippedFilesAreRecorded() throws Exception {
        Path root = makeDataset(tmp.resolve("skip"), 4, 2);
        Files.write(root.resolve("hbar").resolve("broken.png"), new byte[] {1, 2, 3, 4, 5});
        ImageTrainCommand c = new ImageTrainCommand();
        c.common.set(7, 1, 4, tmp.resolve("skip-run"), false, 1);
        c.data.folder = root;
        c.data.height = 8;
        c.data.width = 8;
        c.data.badFiles = "skip";
        c.model.filters = 4;
        c.model.dense = 8;
        c.model.augment = false;
        Path run = c.run().runDirectory();
        var json = io.github.reglab.harness.run.Json.mapper();
        String metrics = Files.readString(run.resolve("metrics.json"));
        assertEquals(1, json.readTree(metrics).get("skipped_files").asInt(), metrics);
        var skipped = json.readTree(run.resolve("manifest.json").toFile()).path("configuration")
                .path("skippedFiles");
        assertEquals(1, skipped.size(), skipped.toString());
        assertTrue(skipped.get(0).asText().endsWith("broken.png"), skipped.toString());
    }

    /** A pure red image reads as (1, 0, 0) in channel order R, G, B. */
    @Test
    void colourChannelsAreRgb() throws Exception {
        for (String c : List.of("a", "b")) {
            Path d = Files.createDirectories(tmp.resolve("rgb").resolve(c));
            BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.RED);
            g.fillRect(0, 0, 4, 4);
            g.dispose();
            ImageIO.write(img, "png", d.resolve("red.png").toFile());
        }
        float[][][] p = ImageFolder.read(tmp.resolve("rgb"), 3, 4, 4, false, 1).images().pixels(0);
        assertEquals(1f, p[0][1][1], 1e-6f);
        assertEquals(0f, p[1][1][1], 1e-6f);
        assertEquals(0f, p[2][1][1], 1e-6f);
    }

    /**
     * 16-bit PNGs are scaled by their own depth: a grey of 32768 of 65535 reads as 0.5 (it read as 128.5 when every
     * file was divided by 255), and an 8-bit file beside it still reads as value / 255.
     */
    @Test
    void sixteenBitImagesAreScaledByTheirBitDepth() throws Exception {
        for (String c : List.of("a", "b")) {
            Path d = Files.createDirectories(tmp.resolve("deep").resolve(c));
            BufferedImage deep = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
            java.awt.image.WritableRaster r = deep.getRaster();
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    r.setSample(x, y, 0, c.equals("a") ? 32768 : 65535);
                }
            }
            ImageIO.write(deep, "png", d.resolve("deep.png").toFile());
            BufferedImage shallow = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
            shallow.getRaster().setSample(1, 1, 0, 51);
            ImageIO.write(shallow, "png", d.resolve("shallow.png").toFile());
        }
        assertEquals(65535f, ImageFolder.checkPixels(tmp.resolve("deep/a/deep.png")));
        assertEquals(255f, ImageFolder.checkPixels(tmp.resolve("deep/a/shallow.png")));
        ImageSet set = ImageFolder.read(tmp.resolve("deep"), 1, 4, 4, false, 1).images();
        assertEquals(4, set.size());
        List<Float> seen = new java.util.ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            assertTrue(set.features().getRow(i).maxNumber().floatValue() <= 1f, "image " + i + " within [0, 1]");
            seen.add(set.pixels(i)[0][1][1]);
        }
        java.util.Collections.sort(seen);
        assertEquals(List.of(51 / 255f, 51 / 255f, 32768 / 65535f, 1f), seen);
    }

    /**
     * Read channel-last, the same images hold the same pixels: each row is the channel-first row permuted to
     * {@code y, x, c}, and {@link ImageSet#pixels} (which the report images use) gives the same grid.
     */
    @Test
    void channelLastReadHoldsTheSamePixels() throws Exception {
        for (String c : List.of("a", "b")) {
            Path d = Files.createDirectories(tmp.resolve("hwc").resolve(c));
            BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    img.setRGB(x, y, new Color(40 * x, 80 * y, c.equals("a") ? 200 : 10).getRGB());
                }
            }
            ImageIO.write(img, "png", d.resolve("grad.png").toFile());
        }
        ImageSet first = ImageFolder.read(tmp.resolve("hwc"), 3, 3, 5, false, 1).images();
        ImageSet last = ImageFolder.read(tmp.resolve("hwc"), 3, 3, 5, false, 1,
                org.deeplearning4j.nn.conf.CNN2DFormat.NHWC).images();
        assertEquals(org.deeplearning4j.nn.conf.CNN2DFormat.NHWC, last.layout());
        for (int i = 0; i < 2; i++) {
            assertTrue(java.util.Arrays.deepEquals(first.pixels(i), last.pixels(i)), "image " + i);
        }
        assertEquals(first.features().reshape('c', 2, 3, 3, 5).permute(0, 2, 3, 1).dup('c').reshape('c', 2, 45),
                last.features());
        // red grows along x: channel 0 of pixel (y 0, x 1) is the 4th value of a channel-last row
        assertEquals(40 / 255f, last.features().getFloat(0, 3), 1e-6f);
        assertEquals(last.features(), first.inLayout(org.deeplearning4j.nn.conf.CNN2DFormat.NHWC).features());
        assertEquals(first.features(), last.inLayout(org.deeplearning4j.nn.conf.CNN2DFormat.NCHW).features());
    }

    @Test
    void badFoldersAndFilesAreNamed() throws Exception {
        Path one = Files.createDirectories(tmp.resolve("one/only"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", one.resolve("a.png").toFile());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolder.read(tmp.resolve("one"), 1, 8, 8, false, 1));
        assertTrue(e.getMessage().contains("at least two"), e.getMessage());

        Path root = makeDataset(tmp.resolve("withEmpty"), 2, 2);
        Files.createDirectories(root.resolve("zzz-empty"));
        DataFormatException empty = assertThrows(DataFormatException.class,
                () -> ImageFolder.read(root, 1, 8, 8, false, 1));
        assertTrue(empty.getMessage().contains("zzz-empty") && empty.getMessage().contains("no PNG or JPEG"),
                empty.getMessage());

        Path bad = makeDataset(tmp.resolve("corrupt"), 3, 3);
        Files.write(bad.resolve("hbar").resolve("broken.png"), new byte[] {1, 2, 3, 4, 5});
        DataFormatException corrupt = assertThrows(DataFormatException.class,
                () -> ImageFolder.read(bad, 1, 8, 8, false, 1));
        assertTrue(corrupt.getMessage().contains("broken.png"), corrupt.getMessage());
        ImageFolder.Loaded skipped = ImageFolder.read(bad, 1, 8, 8, true, 1);
        assertEquals(1, skipped.skippedFiles().size());
        assertEquals(9, skipped.images().size());
    }

    /** Hidden folders (.ipynb_checkpoints) are not classes; hidden files are not images. */
    @Test
    void hiddenFoldersAndFilesAreIgnored() throws Exception {
        Path root = makeDataset(tmp.resolve("hidden"), 2, 5);
        Path checkpoints = Files.createDirectories(root.resolve(".ipynb_checkpoints"));
        Files.copy(root.resolve("hbar").resolve("hbar0.png"), checkpoints.resolve("hbar0-checkpoint.png"));
        Files.copy(root.resolve("hbar").resolve("hbar0.png"), root.resolve("hbar").resolve("._hbar0.png"));
        ImageFolder.Loaded l = ImageFolder.read(root, 1, 8, 8, false, 1);
        assertEquals(CLASSES, l.images().classNames());
        assertEquals(6, l.images().size());
    }

    /**
     * A small PNG whose header claims 32000×32000 pixels (issue #18: it took RSS to 4.1 GB while decoding) is refused
     * from its header, undecoded; a data set that cannot fit in memory is refused before any image is read.
     */
    @Test
    void oversizedImagesAndDataSetsAreRefusedBeforeDecoding() throws Exception {
        Path root = makeDataset(tmp.resolve("huge"), 2, 6);
        Path png = root.resolve("square").resolve("square0.png");
        byte[] b = Files.readAllBytes(png);
        java.nio.ByteBuffer.wrap(b, 16, 8).putInt(32000).putInt(32000); // IHDR width and height
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 12, 17); // chunk type + 13 data bytes
        java.nio.ByteBuffer.wrap(b, 29, 4).putInt((int) crc.getValue());
        Files.write(png, b);
        assertTrue(Files.size(png) < 10_000);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolder.read(root, 1, 8, 8, false, 1));
        assertTrue(e.getMessage().contains("square0.png") && e.getMessage().contains("32000x32000"), e.getMessage());
        assertEquals(5, ImageFolder.read(root, 1, 8, 8, true, 1).images().size(), "skipped under --bad-files skip");

        var tooBig = assertThrows(io.github.reglab.harness.run.OptionChecks.BadOptionException.class,
                () -> ImageFolder.checkFits(1_000_000, 3, 4096, 4096));
        assertTrue(tooBig.getMessage().contains("1000000 images of 3x4096x4096"), tooBig.getMessage());
        ImageFolder.checkFits(60_000, 1, 28, 28);
    }
}
