package io.github.reglab.fraud.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.github.reglab.harness.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV whose table cannot fit in the heap is refused before it is read, with the estimate and the limit. */
class LabelledCsvSizeTest {

    @TempDir
    Path tmp;

    /** 3 copies × (30 floats + 1 int + 1 double) = 3 × 132 bytes per row. */
    @Test
    void theEstimateCountsThreeCopiesOfEachRow() {
        assertEquals(3L * 1000 * (30 * 4 + 4 + 8), LabelledCsv.estimateHeapBytes(1000, 30, true));
        assertEquals(3L * 1000 * (30 * 4 + 4), LabelledCsv.estimateHeapBytes(1000, 30, false));
    }

    @Test
    void aFileTooLargeForTheHeapIsRefusedAndOneThatFitsIsNot() throws Exception {
        Path f = tmp.resolve("tx.csv");
        TransactionGenerator.writeCsv(f, 2000, 0.05, 1);
        // 2,000 rows × 3 × (31 floats + int + double) ≈ 0.8 MB: refused under a 100 KB limit, accepted under 1 GB
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LabelledCsv.checkFitsInHeap(f, 31, true, 100_000));
        assertTrue(e.getMessage().contains("tx.csv has about 2,0") && e.getMessage().contains("raise -Xmx"),
                e.getMessage());
        LabelledCsv.checkFitsInHeap(f, 31, true, 1L << 30);
    }
}
