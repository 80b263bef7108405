package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import io.github.reglab.harness.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized mutation of IDX files, plain and gzipped (flipped bytes, large header values, cuts): each pair either
 * reads or is refused with {@link DataFormatException}; nothing else escapes, and no header value makes the reader
 * allocate more than the file could hold.
 */
class IdxFilesFuzzTest {

    private static final int MUTATIONS = 1500;
    private static final List<String> CLASSES = List.of("a", "b", "c");

    @TempDir
    Path tmp;

    private static byte[] mutate(byte[] b, SplittableRandom r) {
        byte[] m = b.clone();
        switch (r.nextInt(3)) {
            case 0 -> m[r.nextInt(m.length)] ^= (byte) (1 + r.nextInt(255));
            case 1 -> m = java.util.Arrays.copyOf(m, r.nextInt(m.length));
            default -> {
                if (m.length >= 4) {
                    java.nio.ByteBuffer.wrap(m, r.nextInt(m.length - 3), 4).putInt(r.nextInt());
                }
            }
        }
        return m;
    }

    private Path write(String name, byte[] content, boolean gzip) throws Exception {
        return IdxFilesTest.write(tmp, name, content, gzip);
    }

    @Test
    void everyMutationReadsOrIsRefused() throws Exception {
        int[] px = new int[5 * 6 * 6];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 37) & 0xff;
        }
        byte[] images = IdxFilesTest.images(IdxFiles.IMAGES_MAGIC, 5, 6, 6, px);
        byte[] labels = IdxFilesTest.labels(5, 0, 1, 2, 1, 0);
        SplittableRandom r = new SplittableRandom(20261202);
        for (int i = 0; i < MUTATIONS; i++) {
            boolean gz = r.nextBoolean();
            boolean mutateImages = r.nextBoolean();
            Path img;
            Path lab;
            if (gz && r.nextBoolean()) {
                // damage the compressed bytes themselves
                Path whole = write("img-src.gz", mutateImages ? images : labels, true);
                Files.write(whole, mutate(Files.readAllBytes(whole), r));
                img = mutateImages ? whole : write("img.gz", images, true);
                lab = mutateImages ? write("lab.gz", labels, true) : whole;
            } else {
                img = write("img" + (gz ? ".gz" : ""), mutateImages ? mutate(images, r) : images, gz);
                lab = write("lab" + (gz ? ".gz" : ""), mutateImages ? labels : mutate(labels, r), gz);
            }
            try {
                IdxFiles.read(img, lab, CLASSES, 0);
            } catch (DataFormatException expected) {
                // refused, naming a file
            } catch (Throwable t) {
                fail("mutation " + i + " (gzip " + gz + "): " + t, t);
            }
        }
    }

    /** A tiny pair of files whose headers claim a million images is "truncated", not a 3 GB allocation. */
    @Test
    void headersClaimingMillionsOfImagesAreTruncatedNotAllocated() throws Exception {
        Path img = write("claim-img", IdxFilesTest.images(IdxFiles.IMAGES_MAGIC, 1_000_000, 28, 28, new int[28 * 28]),
                false);
        Path lab = write("claim-lab", IdxFilesTest.labels(1_000_000, 0, 1), false);
        DataFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class,
                () -> IdxFiles.read(img, lab, CLASSES, 0));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
