package io.github.reglab.image;

import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled images in memory: pixel values in [0, 1], flattened per image in the order of {@code layout}
 * (channel-first {@code c, y, x} for NCHW, interleaved {@code y, x, c} for NHWC; for one channel both are the same).
 *
 * @param features {@code [n, channels·height·width]} (float)
 * @param labels the class of every image, in [0, classNames.size())
 * @param channels channels per image
 * @param height image height
 * @param width image width
 * @param classNames the class names, in class-index order
 * @param layout the order of each row's values
 */
public record ImageSet(INDArray features, int[] labels, int channels, int height, int width,
        List<String> classNames, CNN2DFormat layout) {

    /** Checks the sizes. */
    public ImageSet {
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(layout, "layout");
        if (features.rows() != labels.length || features.columns() != (long) channels * height * width) {
            throw new IllegalArgumentException("features " + java.util.Arrays.toString(features.shape()) + " for "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
    }

    /**
     * Channel-first images.
     *
     * @param features {@code [n, channels·height·width]}, each row {@code c, y, x}
     * @param labels the class of every image
     * @param channels channels per image
     * @param height image height
     * @param width image width
     * @param classNames the class names
     */
    public ImageSet(INDArray features, int[] labels, int channels, int height, int width, List<String> classNames) {
        this(features, labels, channels, height, width, classNames, CNN2DFormat.NCHW);
    }

    /**
     * Returns these images in another layout: the values of each row reordered (no copy for one channel or the same
     * layout).
     *
     * @param target NCHW or NHWC
     * @return the images in that layout
     */
    public ImageSet inLayout(CNN2DFormat target) {
        if (target == layout) {
            return this;
        }
        INDArray x = features;
        if (channels > 1) {
            long n = features.rows();
            x = target == CNN2DFormat.NHWC
                    ? features.reshape('c', n, channels, height, width).permute(0, 2, 3, 1)
                    : features.reshape('c', n, height, width, channels).permute(0, 3, 1, 2);
            x = x.dup('c').reshape('c', n, (long) channels * height * width);
        }
        return new ImageSet(x, labels, channels, height, width, classNames, target);
    }

    /**
     * @return the number of images
     */
    public int size() {
        return labels.length;
    }

    /**
     * @return the number of classes
     */
    public int classes() {
        return classNames.size();
    }

    /**
     * @param rows image indices
     * @return those images as a data set with one-hot labels
     */
    public DataSet toDataSet(int[] rows) {
        INDArray x = Nd4j.pullRows(features, 1, rows);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows.length, classes());
        for (int i = 0; i < rows.length; i++) {
            y.putScalar(i, labels[rows[i]], 1f);
        }
        return new DataSet(x, y);
    }

    /**
     * @param rows image indices
     * @return the subset
     */
    public ImageSet subset(int[] rows) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = labels[rows[i]];
        }
        return new ImageSet(Nd4j.pullRows(features, 1, rows), y, channels, height, width, classNames, layout);
    }

    /**
     * @param index an image
     * @return its pixels, {@code [channels][height][width]}
     */
    public float[][][] pixels(int index) {
        float[] flat = features.getRow(index).toFloatVector();
        float[][][] p = new float[channels][height][width];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                if (layout == CNN2DFormat.NCHW) {
                    System.arraycopy(flat, c * height * width + y * width, p[c][y], 0, width);
                } else {
                    for (int x = 0; x < width; x++) {
                        p[c][y][x] = flat[(y * width + x) * channels + c];
                    }
                }
            }
        }
        return p;
    }
}
