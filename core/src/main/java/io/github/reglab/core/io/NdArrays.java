package io.github.reglab.core.io;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads ND4J's binary array form ({@code Nd4j.write}) strictly. ND4J's own {@code Nd4j.read} allocates whatever
 * length the header states before reading a byte of data, so a crafted header makes it reserve and touch any
 * amount of native memory; here every field is checked first:
 *
 * <pre>
 *   UTF "MIXED_DATA_TYPES", long k, UTF "LONG", k longs: [rank, shape…, stride…, extras, ews, order]
 *   UTF "MIXED_DATA_TYPES", long n, UTF "FLOAT"|"DOUBLE", n elements (big-endian)
 * </pre>
 *
 * with {@code k = 2·rank + 4}, rank &le; {@value #MAX_RANK}, every dimension &ge; 1, {@code n} = the product of
 * the shape = the length the caller expects, order {@code c} or {@code f}, and exactly {@code n} elements left in
 * the bytes. The array is then built from a Java array of that length.
 */
final class NdArrays {

    /** Highest rank accepted. */
    static final int MAX_RANK = 32;
    private static final String MODE = "MIXED_DATA_TYPES";

    private NdArrays() {
    }

    /** A byte sequence that is not an acceptable array; the message names what and why. */
    static final class BadArrayException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArrayException(String message) {
            super(message);
        }
    }

    /**
     * Reads an array.
     *
     * @param bytes the binary form
     * @param expectedLength the number of elements it must have
     * @param what the entry's name, for messages
     * @return the array, of data type FLOAT or DOUBLE as stored
     * @throws BadArrayException when any field is out of place
     */
    static INDArray read(byte[] bytes, long expectedLength, String what) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            expect(what, "allocation mode", MODE, in.readUTF());
            long infoLength = in.readLong();
            if (infoLength < 4 || infoLength > 2L * MAX_RANK + 4 || infoLength % 2 != 0) {
                throw bad(what, "its shape information has " + infoLength + " values (rank 0 to " + MAX_RANK
                        + " needs 4 to " + (2 * MAX_RANK + 4) + ", even)");
            }
            expect(what, "shape information type", "LONG", in.readUTF());
            long[] info = new long[(int) infoLength];
            for (int i = 0; i < info.length; i++) {
                info[i] = in.readLong();
            }
            int rank = (int) (infoLength - 4) / 2;
            if (info[0] != rank) {
                throw bad(what, "its rank " + info[0] + " does not match its shape information of " + infoLength
                        + " values");
            }
            long[] shape = Arrays.copyOfRange(info, 1, 1 + rank);
            long product = 1;
            for (long d : shape) {
                if (d < 1) {
                    throw bad(what, "its shape " + Arrays.toString(shape) + " has a dimension below 1");
                }
                product = Math.multiplyExact(product, d);
            }
            long order = info[info.length - 1];
            if (order != 'c' && order != 'f') {
                throw bad(what, "its order " + order + " is neither 'c' (99) nor 'f' (102)");
            }
            expect(what, "allocation mode", MODE, in.readUTF());
            long length = in.readLong();
            if (length != product || length != expectedLength) {
                throw bad(what, "it holds " + length + " values of shape " + Arrays.toString(shape)
                        + " where the configuration needs " + expectedLength);
            }
            return readValues(in, length, shape, (char) order, what);
        } catch (IOException e) {
            throw bad(what, "it ends early (" + e.getClass().getSimpleName() + ")");
        } catch (ArithmeticException e) {
            throw bad(what, "its shape overflows a 64-bit length");
        }
    }

    /** The data type's name, then {@code length} values of it: all that is left of the stream. */
    private static INDArray readValues(DataInputStream in, long length, long[] shape, char order, String what)
            throws IOException {
        String type = in.readUTF();
        int size;
        if (type.equals(DataType.FLOAT.name())) {
            size = Float.BYTES;
        } else if (type.equals(DataType.DOUBLE.name())) {
            size = Double.BYTES;
        } else {
            throw bad(what, "its data type " + type + " is not FLOAT or DOUBLE");
        }
        if (in.available() != length * size) {
            throw bad(what, "it has " + in.available() + " data bytes where " + length + " " + type
                    + " values take " + length * size);
        }
        if (size == Float.BYTES) {
            float[] data = new float[(int) length];
            for (int i = 0; i < data.length; i++) {
                data[i] = in.readFloat();
            }
            return Nd4j.create(data, shape, order);
        }
        double[] data = new double[(int) length];
        for (int i = 0; i < data.length; i++) {
            data[i] = in.readDouble();
        }
        return Nd4j.create(data, shape, order);
    }

    private static void expect(String what, String field, String expected, String found) {
        if (!expected.equals(found)) {
            throw bad(what, "its " + field + " is '" + truncate(found) + "', expected '" + expected + "'");
        }
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static BadArrayException bad(String what, String reason) {
        return new BadArrayException(what + " is not a valid array: " + reason);
    }
}
