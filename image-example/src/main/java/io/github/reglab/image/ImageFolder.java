package io.github.reglab.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import io.github.reglab.harness.data.DataFormatException;
import io.github.reglab.harness.run.OptionChecks;
import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.writable.Writable;
import org.datavec.image.recordreader.ImageRecordReader;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder-of-images dataset: one subfolder per class, PNG or JPEG images of any size, gray or RGB, read through
 * DataVec's {@code ImageRecordReader} with a {@code ParentPathLabelGenerator} and resized to the requested shape
 * (colour channels in RGB order; OpenCV's BGR is reordered).
 * Each image is read and checked before loading, so a corrupt file is named ({@code --bad-files fail}) or skipped
 * and counted ({@code --bad-files skip}).
 */
public final class ImageFolder {

    /** Extensions read. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);

    private ImageFolder() {
    }

    /**
     * The images read, with how many files were skipped.
     *
     * @param images the images, values in [0, 1]
     * @param skippedFiles unreadable files left out
     */
    public record Loaded(ImageSet images, List<Path> skippedFiles) {
    }

    /**
     * @param root the folder with one subfolder per class
     * @param channels 1 (gray) or 3 (RGB)
     * @param height output height
     * @param width output width
     * @param skipBadFiles whether unreadable images are skipped (true) or an error (false)
     * @param seed shuffles the file order (classes mixed)
     * @return the images
     */
    public static Loaded read(Path root, int channels, int height, int width, boolean skipBadFiles, long seed) {
        return read(root, channels, height, width, skipBadFiles, seed, CNN2DFormat.NCHW);
    }

    /**
     * Reads the images into the given layout.
     *
     * @param root a folder with one subfolder per class
     * @param channels 1 (gray) or 3 (RGB)
     * @param height output height
     * @param width output width
     * @param skipBadFiles whether unreadable images are skipped (true) or an error (false)
     * @param seed shuffles the file order (classes mixed)
     * @param layout the order of each image's values: NCHW ({@code c, y, x}) or NHWC ({@code y, x, c})
     * @return the images
     */
    public static Loaded read(Path root, int channels, int height, int width, boolean skipBadFiles, long seed,
            CNN2DFormat layout) {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException("image folder " + root + " does not exist or is not a folder");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("--channels must be 1 or 3, found " + channels);
        }
        // hidden folders (.ipynb_checkpoints, .git …) are not classes, nor hidden files images
        List<Path> classDirs = list(root).stream().filter(p -> Files.isDirectory(p) && !hidden(p)).sorted().toList();
        if (classDirs.size() < 2) {
            throw new DataFormatException("image folder " + root + " has " + classDirs.size()
                    + " class subfolder(s); classification needs at least two");
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path d : classDirs) {
            List<Path> imgs = list(d).stream().filter(p -> Files.isRegularFile(p) && !hidden(p) && EXTENSIONS.stream()
                    .anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e))).sorted()
                    .toList();
            if (imgs.isEmpty()) {
                throw new DataFormatException("class folder " + d + " has no PNG or JPEG images");
            }
            names.add(d.getFileName().toString());
            files.addAll(imgs);
        }
        checkFits(files.size(), channels, height, width);
        java.util.Collections.shuffle(files, new Random(seed));
        // one reader, re-initialized per file so that a corrupt file can be named and skipped; it rebuilds its label
        // list from each split, so the full list is set again after every initialize (as a copy it may not alter)
        ImageRecordReader reader = new ImageRecordReader(height, width, channels, new ParentPathLabelGenerator());
        List<INDArray> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        for (Path f : files) {
            try {
                Image img = readOne(reader, names, f, channels, height, width);
                rows.add(img.row());
                labels.add(img.label());
            } catch (IOException | RuntimeException e) {
                if (!skipBadFiles) {
                    throw new DataFormatException("image file " + f + " cannot be read (" + e.getMessage()
                            + "); use --bad-files skip to leave such files out");
                }
                LOG.warn("Skipping unreadable image {}: {}", f, e.getMessage());
                skipped.add(f);
            }
        }
        if (rows.isEmpty()) {
            throw new DataFormatException("image folder " + root + " has no readable images");
        }
        INDArray x = Nd4j.vstack(rows.toArray(INDArray[]::new));
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        // DataVec reads channel-first; ImageSet.inLayout is the one place that reorders
        return new Loaded(new ImageSet(x, y, channels, height, width, names).inLayout(layout), skipped);
    }

    /** One image: its values in [0, 1] as a row (channel-first, RGB order) and its class index. */
    private record Image(INDArray row, int label) {
    }

    private static Image readOne(ImageRecordReader reader, List<String> names, Path f, int channels, int height,
            int width) throws IOException {
        float maxValue = checkPixels(f);
        reader.initialize(new CollectionInputSplit(List.of(f.toUri())));
        reader.setLabels(new ArrayList<>(names));
        List<Writable> rec = reader.next();
        INDArray img = ((org.datavec.api.writable.NDArrayWritable) rec.get(0)).get();
        if (channels == 3) {
            // OpenCV reads colour images as BGR; keep RGB so that previews and grids show true colours
            img = Nd4j.concat(1, channel(img, 2), channel(img, 1), channel(img, 0));
        }
        return new Image(img.castTo(DataType.FLOAT).reshape(1, (long) channels * height * width).divi(maxValue),
                rec.get(1).toInt());
    }

    /** Channel {@code c} of an image [1, channels, height, width], as [1, 1, height, width]. */
    private static INDArray channel(INDArray img, int c) {
        return img.get(NDArrayIndex.all(), NDArrayIndex.interval(c, c + 1), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    /**
     * Refuses a data set that cannot fit before any image is read: {@code n × channels × height × width} floats
     * against the off-heap limit (where ND4J keeps them), or the heap when there is none.
     */
    static void checkFits(long images, int channels, int height, int width) {
        long bytes = images * channels * (long) height * width * Float.BYTES;
        long offHeap = org.bytedeco.javacpp.Pointer.maxBytes();
        long limit = offHeap > 0 ? offHeap : Runtime.getRuntime().maxMemory();
        // the images, plus the training copy the splits make
        if (2 * bytes > limit) {
            throw new OptionChecks.BadOptionException(String.format(Locale.ROOT, "%d images of %dx%dx%d take "
                    + "%.1f GiB (twice that while the splits are made), more than the %.1f GiB memory limit; lower "
                    + "--height/--width, use fewer images (--train-limit), or raise the limit (-Xmx, "
                    + "-Dorg.bytedeco.javacpp.maxbytes)", images, channels, height, width, bytes / GIB, limit / GIB));
        }
    }

    /** Largest image accepted, in pixels (a 100-megapixel photo); a header claiming more is refused undecoded. */
    static final long MAX_PIXELS = 100_000_000L;
    private static final double GIB = 1024.0 * 1024 * 1024;

    /**
     * Reads an image's size and sample depth from its header, without decoding it, and refuses one above
     * {@link #MAX_PIXELS}: a small PNG can claim 32000×32000 pixels and take gigabytes to decode.
     *
     * @return the largest sample value of the image's bit depth, which scales its pixels to [0, 1]: 65535 for a
     *     16-bit PNG (OpenCV keeps its 16 bits), 255 otherwise (8-bit files, and 1/2/4-bit or palette PNGs, which
     *     OpenCV expands to 8 bits)
     */
    static float checkPixels(Path f) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(f.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = javax.imageio.ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not a PNG or JPEG image");
            }
            javax.imageio.ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                long pixels = (long) r.getWidth(0) * r.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new IOException(String.format(Locale.ROOT, "its header says %dx%d pixels, more than the "
                            + "%d this reader decodes", r.getWidth(0), r.getHeight(0), MAX_PIXELS));
                }
                javax.imageio.ImageTypeSpecifier raw = r.getRawImageType(0);
                boolean sixteenBits = raw != null && raw.getSampleModel().getSampleSize(0) == 16;
                return sixteenBits ? 65535f : 255f;
            } finally {
                r.dispose();
            }
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
