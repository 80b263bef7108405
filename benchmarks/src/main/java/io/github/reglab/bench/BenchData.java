package io.github.reglab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A benchmark data set in files both frameworks read: {@code NAME.x.f32} (row-major little-endian float32,
 * {@code rows × columns}) and {@code NAME.y.i32} (little-endian int32 class per row). Both sides train on the very
 * same numbers.
 *
 * @param x features, row-major
 * @param y class per row
 * @param columns features per row
 * @param classes number of classes
 */
record BenchData(float[] x, int[] y, int columns, int classes) {

    /** Checks the sizes. */
    BenchData {
        if (x.length != (long) y.length * columns) {
            throw new IllegalArgumentException(x.length + " values for " + y.length + " rows of " + columns);
        }
    }

    int rows() {
        return y.length;
    }

    /**
     * @param dir the folder
     * @param name the data set's name
     */
    void write(Path dir, String name) {
        ByteBuffer bx = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bx.asFloatBuffer().put(x);
        ByteBuffer by = ByteBuffer.allocate(y.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        by.asIntBuffer().put(y);
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".x.f32"), bx.array());
            Files.write(dir.resolve(name + ".y.i32"), by.array());
            Files.writeString(dir.resolve(name + ".json"), "{\"rows\": " + y.length + ", \"columns\": " + columns
                    + ", \"classes\": " + classes + "}\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write benchmark data " + name + " to " + dir, e);
        }
    }

    /**
     * @param dir the folder
     * @param name the data set's name
     * @param columns features per row
     * @param classes number of classes
     * @return the data
     */
    static BenchData read(Path dir, String name, int columns, int classes) {
        try {
            ByteBuffer bx = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name + ".x.f32")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer by = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name + ".y.i32")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] x = new float[bx.remaining() / 4];
            bx.asFloatBuffer().get(x);
            int[] y = new int[by.remaining() / 4];
            by.asIntBuffer().get(y);
            return new BenchData(x, y, columns, classes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read benchmark data " + name + " from " + dir, e);
        }
    }

    /**
     * @return features {@code [rows, columns]} and one-hot labels
     */
    DataSet toDataSet() {
        float[] onehot = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            onehot[i * classes + y[i]] = 1f;
        }
        return new DataSet(Nd4j.create(x, new long[] {y.length, columns}, 'c'),
                Nd4j.create(onehot, new long[] {y.length, classes}, 'c'));
    }
}
