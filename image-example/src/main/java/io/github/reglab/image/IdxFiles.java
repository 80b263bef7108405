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
            byte[] lab = new byte[n];
            readFully(li, lab, labels, "labels");
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = lab[i] & 0xff;
                if (y[i] >= classNames.size()) {
                    throw new DataFormatException("IDX file " + labels + ": label " + y[i] + " of image " + i
                            + " is outside [0, " + (classNames.size() - 1) + "]");
                }
            }
            int px = rows * cols;
            byte[] raw = new byte[px];
            float[] x = new float[n * px];
            for (int i = 0; i < n; i++) {
                readFully(ii, raw, images, "image " + i);
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
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
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
        }
    }

    private static void readFully(DataInputStream in, byte[] buf, Path file, String what) throws IOException {
        try {
            in.readFully(buf);
        } catch (EOFException e) {
            throw new DataFormatException("IDX file " + file + " is truncated: it ends inside " + what);
        }
    }
}
