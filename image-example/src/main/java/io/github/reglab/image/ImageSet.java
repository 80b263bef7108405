package io.github.reglab.image;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled images in memory: pixel values in [0, 1], channel-first, flattened per image.
 *
 * @param features {@code [n, channels·height·width]} (float)
 * @param labels the class of every image, in [0, classNames.size())
 * @param channels channels per image
 * @param height image height
 * @param width image width
 * @param classNames the class names, in class-index order
 */
public record ImageSet(INDArray features, int[] labels, int channels, int height, int width,
        List<String> classNames) {

    /** Checks the sizes. */
    public ImageSet {
        classNames = List.copyOf(classNames);
        if (features.rows() != labels.length || features.columns() != (long) channels * height * width) {
            throw new IllegalArgumentException("features " + java.util.Arrays.toString(features.shape()) + " for "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
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
        return new ImageSet(Nd4j.pullRows(features, 1, rows), y, channels, height, width, classNames);
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
                System.arraycopy(flat, c * height * width + y * width, p[c][y], 0, width);
            }
        }
        return p;
    }
}
