package io.github.reglab.image;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import io.github.reglab.harness.data.DataFormatException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST, gzipped or not (detected from the content): images
 * ({@code 0x00000803}: count, rows, columns, then unsigned bytes) and labels ({@code 0x00000801}: count, then
 * unsigned bytes). Errors name the file: a wrong magic number, a truncated file, an image/label count mismatch.
 */
public final class IdxFiles {

    /** Magic number of an IDX file of unsigned-byte images. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC = 0x1f8b;

    private IdxFiles() {
    }

    /**
     * @param images the images file
     * @param labels the labels file
     * @param classNames the class names, one per label value
     * @param limit read at most this many images (0 for all)
     * @return the images scaled to [0, 1]
     */
    public static ImageSet read(Path images, Path labels, java.util.List<String> classNames, int limit) {
        try (DataInputStream li = open(labels); DataInputStream ii = open(images)) {
            int lm = magic(li, labels);
            if (lm != LABELS_MAGIC) {
                throw new DataFormatException(String.format("IDX file %s has magic number 0x%08x; a label file "
                        + "has 0x%08x", labels, lm, LABELS_MAGIC));
            }
            int im = magic(ii, images);
            if (im != IMAGES_MAGIC) {
                throw new DataFormatException(String.format("IDX file %s has magic number 0x%08x; an image file "
                        + "has 0x%08x", images, im, IMAGES_MAGIC));
            }
            int nLabels = readInt(li, labels);
            int nImages = readInt(ii, images);
            int rows = readInt(ii, images);
            int cols = readInt(ii, images);
            if (nLabels != nImages) {
                throw new DataFormatException("IDX files disagree: " + images + " holds " + nImages + " images but "
                        + labels + " holds " + nLabels + " labels");
            }
            if (nImages < 0 || rows <= 0 || cols <= 0 || (long) rows * cols > 1 << 24) {
                throw new DataFormatException("IDX file " + images + " has an impossible header: " + nImages
                        + " images of " + rows + "x" + cols);
            }
            int n = limit > 0 ? Math.min(limit, nImages) : nImages;
            int px = rows * cols;
            if ((long) n * px > Integer.MAX_VALUE - 8) {
                throw new DataFormatException("IDX file " + images + " claims " + n + " images of " + rows + "x" + cols
                        + ", more pixels than one array holds; use --train-limit/--test-limit");
            }
            // buffers grow with the data actually read, so a header claiming millions of images in a tiny file
            // ends in "truncated", not in a huge allocation
            byte[] lab = readGrowing(li, n, labels, "labels");
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = lab[i] & 0xff;
                if (y[i] >= classNames.size()) {
                    throw new DataFormatException("IDX file " + labels + ": label " + y[i] + " of image " + i
                            + " is outside [0, " + (classNames.size() - 1) + "]");
                }
            }
            byte[] raw = new byte[px];
            float[] x = new float[(int) Math.min((long) n * px, 1 << 20)];
            for (int i = 0; i < n; i++) {
                readFully(ii, raw, images, "image " + i);
                if ((long) (i + 1) * px > x.length) {
                    x = java.util.Arrays.copyOf(x, (int) Math.min((long) n * px, Math.max((long) x.length * 2,
                            (long) (i + 1) * px)));
                }
                for (int j = 0; j < px; j++) {
                    x[i * px + j] = (raw[j] & 0xff) / 255f;
                }
            }
            INDArray features = Nd4j.create(x, new long[] {n, px}, 'c');
            return new ImageSet(features, y, 1, rows, cols, classNames);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + images + " / " + labels + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException("IDX file " + file + " does not exist");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (((b1 << 8) | b2) == GZIP_MAGIC) {
            try {
                in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (java.util.zip.ZipException | EOFException e) {
                in.close();
                throw corrupt(file, e);
            }
        }
        return new DataInputStream(in);
    }

    private static int magic(DataInputStream in, Path file) throws IOException {
        return readInt(in, file);
    }

    private static int readInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException("IDX file " + file + " is truncated: its header ends early");
        } catch (java.util.zip.ZipException e) {
            throw corrupt(file, e);
        }
    }

    private static void readFully(DataInputStream in, byte[] buf, Path file, String what) throws IOException {
        try {
            in.readFully(buf);
        } catch (EOFException e) {
            throw new DataFormatException("IDX file " + file + " is truncated: it ends inside " + what);
        } catch (java.util.zip.ZipException e) {
            throw corrupt(file, e);
        }
    }

    /** Reads exactly n bytes into a buffer that grows with what arrives (at most 1 MiB ahead of the data). */
    private static byte[] readGrowing(DataInputStream in, int n, Path file, String what) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(n, 1 << 20));
        byte[] buf = new byte[1 << 16];
        while (out.size() < n) {
            int k;
            try {
                k = in.read(buf, 0, Math.min(buf.length, n - out.size()));
            } catch (java.util.zip.ZipException e) {
                throw corrupt(file, e);
            } catch (EOFException e) {
                k = -1; // a gzip stream cut short
            }
            if (k < 0) {
                throw new DataFormatException("IDX file " + file + " is truncated: it ends inside " + what);
            }
            out.write(buf, 0, k);
        }
        return out.toByteArray();
    }

    private static DataFormatException corrupt(Path file, IOException e) {
        return new DataFormatException("IDX file " + file + " is a damaged gzip file (" + e.getMessage() + "); "
                + "download or copy it again");
    }
}
