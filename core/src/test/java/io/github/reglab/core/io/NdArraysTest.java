package io.github.reglab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The strict reader of ND4J's binary array form agrees with Nd4j.write and refuses every out-of-place field. */
class NdArraysTest {

    @Test
    void readsWhatNd4jWritesInBothTypesAndOrders() {
        INDArray f = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c');
        assertEquals(f, NdArrays.read(ModelArchive.toBytes(f), 6, "f"));
        INDArray d = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {2, 2}, 'f');
        INDArray back = NdArrays.read(ModelArchive.toBytes(d), 4, "d");
        assertEquals(DataType.DOUBLE, back.dataType());
        assertEquals(d, back);
    }

    @Test
    void aShapeWhoseProductOverflowsIsRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(out)) {
            d.writeUTF("MIXED_DATA_TYPES");
            d.writeLong(8);
            d.writeUTF("LONG");
            for (long v : new long[] {2, 1L << 40, 1L << 40, 1L << 40, 1, 0, 1, 99}) {
                d.writeLong(v);
            }
        }
        NdArrays.BadArrayException e = assertThrows(NdArrays.BadArrayException.class,
                () -> NdArrays.read(out.toByteArray(), 6, "x"));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    }

    @Test
    void wrongExpectedLengthAndGarbageAreRefused() {
        byte[] ok = ModelArchive.toBytes(Nd4j.create(new float[] {1, 2, 3}));
        assertTrue(assertThrows(NdArrays.BadArrayException.class, () -> NdArrays.read(ok, 4, "x")).getMessage()
                .contains("where the configuration needs 4"));
        assertTrue(assertThrows(NdArrays.BadArrayException.class, () -> NdArrays.read(new byte[] {0, 3, 'a', 'b',
            'c'}, 3, "x")).getMessage().contains("allocation mode is 'abc'"));
        assertTrue(assertThrows(NdArrays.BadArrayException.class, () -> NdArrays.read(new byte[0], 3, "x"))
                .getMessage().contains("ends early"));
    }
}
