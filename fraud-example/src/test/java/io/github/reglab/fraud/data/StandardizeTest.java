package io.github.reglab.fraud.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.reglab.harness.data.DataFormatException;
import org.junit.jupiter.api.Test;

/** Statistics that would go into a model are finite, or training stops before it starts, naming the column. */
class StandardizeTest {

    @Test
    void aColumnTooLargeForFloatStatisticsIsNamed() {
        // column 'huge' around 1e20: its squares overflow float, so its standard deviation would be infinite
        float[] x = {1f, 1e20f, 2f, -3e20f, 3f, 2e20f, 4f, -1e20f};
        Table t = new Table(List.of("small", "huge"), "Class", x, new int[] {0, 1, 0, 1}, null, Map.of());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> t.toStandardizedDataSets(new int[] {0, 1, 2, 3}));
        assertTrue(e.getMessage().contains("column 'huge'") && e.getMessage().contains("--log-columns"),
                e.getMessage());
        Table fine = new Table(List.of("small", "big"), "Class", new float[] {1f, 1e6f, 2f, -3e6f, 3f, 2e6f, 4f, 0f},
                new int[] {0, 1, 0, 1}, null, Map.of());
        fine.toStandardizedDataSets(new int[] {0, 1, 2, 3});
    }

    /** A header with an empty name fails at the header, before training (it used to fail in chart drawing). */
    @Test
    void anEmptyColumnNameIsRefusedAtTheHeader(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        java.nio.file.Path f = java.nio.file.Files.writeString(tmp.resolve("t.csv"), "V1,,Class\n1,2,0\n3,4,1\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LabelledCsv.open(f, "Class", true, java.util.Set.of(), null, BadRows.FAIL).close());
        assertTrue(e.getMessage().contains("line 1: column 2 has no name"), e.getMessage());
    }
}
