package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.github.reglab.harness.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX reading on tiny generated fixtures: two 2×3 images with known bytes. */
class IdxFilesTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    @TempDir
    Path tmp;

    static byte[] images(int magic, int count, int rows, int cols, int[] pixels) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(magic);
        d.writeInt(count);
        d.writeInt(rows);
        d.writeInt(cols);
        for (int p : pixels) {
            d.writeByte(p);
        }
        return b.toByteArray();
    }

    static byte[] labels(int count, int... values) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(IdxFiles.LABELS_MAGIC);
        d.writeInt(count);
        for (int v : values) {
            d.writeByte(v);
        }
        return b.toByteArray();
    }

    static Path write(Path dir, String name, byte[] content, boolean gzip) throws Exception {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
        return p;
    }

    private Path write(String name, byte[] content, boolean gzip) throws Exception {
        return write(tmp, name, content, gzip);
    }

    /** Pixel 255 reads as 1.0, 51 as 0.2 (51/255), 0 as 0; labels 2 and 0. Gzipped and plain give the same. */
    @Test
    void readsGzippedAndPlainFiles() throws Exception {
        int[] px = {0, 51, 255, 255, 0, 0, 10, 20, 30, 40, 50, 60};
        for (boolean gz : new boolean[] {true, false}) {
            ImageSet s = IdxFiles.read(write("img" + gz, images(IdxFiles.IMAGES_MAGIC, 2, 2, 3, px), gz),
                    write("lab" + gz, labels(2, 2, 0), gz), CLASSES, 0);
            assertEquals(2, s.size());
            assertEquals(2, s.height());
            assertEquals(3, s.width());
            assertArrayEquals(new int[] {2, 0}, s.labels());
            assertEquals(0.2f, s.features().getFloat(0, 1), 1e-7f);
            assertEquals(1f, s.features().getFloat(0, 2), 0f);
            assertEquals(60 / 255f, s.features().getFloat(1, 5), 1e-7f);
        }
    }

    @Test
    void badMagicTruncationAndMismatchAreNamed() throws Exception {
        int[] px = new int[12];
        Path lab = write("lab", labels(2, 1, 1), false);
        DataFormatException magic = assertThrows(DataFormatException.class, () -> IdxFiles.read(
                write("bad", images(0x00000804, 2, 2, 3, px), false), lab, CLASSES, 0));
        assertTrue(magic.getMessage().contains("bad") && magic.getMessage().contains("0x00000804"),
                magic.getMessage());

        byte[] full = images(IdxFiles.IMAGES_MAGIC, 2, 2, 3, px);
        Path cut = write("cut", java.util.Arrays.copyOf(full, full.length - 3), false);
        DataFormatException truncated = assertThrows(DataFormatException.class,
                () -> IdxFiles.read(cut, lab, CLASSES, 0));
        assertTrue(truncated.getMessage().contains("cut") && truncated.getMessage().contains("truncated"),
                truncated.getMessage());

        Path three = write("lab3", labels(3, 1, 1, 1), false);
        DataFormatException count = assertThrows(DataFormatException.class, () -> IdxFiles.read(
                write("img", full, false), three, CLASSES, 0));
        assertTrue(count.getMessage().contains("2 images") && count.getMessage().contains("3 labels"),
                count.getMessage());

        Path outOfRange = write("lab9", labels(2, 9, 1), false);
        assertThrows(DataFormatException.class, () -> IdxFiles.read(write("img2", full, false), outOfRange, CLASSES,
                0));
        assertThrows(DataFormatException.class, () -> IdxFiles.read(tmp.resolve("missing"), lab, CLASSES, 0));
    }

    /** A damaged gzip file is named (issue #18: the error named both files and not the damage). */
    @Test
    void damagedGzipIsNamed() throws Exception {
        int[] px = new int[2 * 4 * 4];
        Path img = write("img.gz", images(IdxFiles.IMAGES_MAGIC, 2, 4, 4, px), true);
        byte[] b = Files.readAllBytes(img);
        for (int i = 12; i < b.length - 8; i++) {
            b[i] ^= 0x5a;
        }
        Files.write(img, b);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxFiles.read(img, write("lab.gz", labels(2, 0, 1), true), CLASSES, 0));
        assertTrue(e.getMessage().contains("img.gz") && e.getMessage().contains("damaged gzip"), e.getMessage());
    }
}
