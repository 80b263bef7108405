package io.github.reglab.fraud.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.reglab.harness.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log transform of heavy-tailed columns: values are Math.log1p's (float tolerance 1e-6 relative). */
class Log1pTest {

    @TempDir
    Path tmp;

    private static final List<String> NAMES = List.of("V1", "Amount");

    @Test
    void theDefaultIsAmountWhenTheDataHasIt() {
        assertEquals(List.of("Amount"), Log1p.resolve(null, NAMES).columns());
        assertEquals(List.of(), Log1p.resolve(null, List.of("V1", "V2")).columns());
        assertEquals(List.of(), Log1p.resolve(List.of("none"), NAMES).columns());
        assertEquals(List.of("V1", "Amount"), Log1p.resolve(List.of("V1", " Amount"), NAMES).columns());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Log1p.resolve(List.of("Amt"), NAMES));
        assertTrue(e.getMessage().contains("'Amt' is not a feature column") && e.getMessage().contains("V1"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Log1p.resolve(List.of("V1", "V1"), NAMES));
    }

    @Test
    void transformsOnlyTheNamedColumn() {
        Table t = new Table(NAMES, "Class", new float[] {-2f, 0f, 5f, 99f}, new int[] {0, 1}, null, Map.of());
        Table out = new Log1p(List.of("Amount")).apply(t);
        assertArrayEquals(new float[] {-2f, 0f, 5f, (float) Math.log(100)}, out.features(), 1e-6f);
        assertEquals(99f, t.features()[3], 0f, "the argument is unchanged");
        assertSame(t, Log1p.NONE.apply(t));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Log1p(List.of("V1")).apply(t));
        assertTrue(e.getMessage().contains("column 'V1' has -2.0 in row 0") && e.getMessage().contains("x >= 0"),
                e.getMessage());
    }

    /** In a CSV, a negative value of a log column is an unusable row: named with its line, or skipped. */
    @Test
    void aNegativeAmountInACsvIsABadRow() throws Exception {
        Path f = tmp.resolve("t.csv");
        Files.writeString(f, "V1,Amount,Class\n1,3,0\n2,-4,1\n3,0,1\n4,12.5,0\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LabelledCsv.readTable(f, "Class", Set.of(), null, BadRows.FAIL, null));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'Amount'")
                && e.getMessage().contains("'-4' is negative"), e.getMessage());
        Table t = LabelledCsv.readTable(f, "Class", Set.of(), null, BadRows.SKIP, null);
        assertEquals(3, t.rows());
        assertEquals(Map.of("negative value in a log column", 1), t.skippedRows());
        assertArrayEquals(new float[] {1f, (float) Math.log(4), 3f, 0f, 4f, (float) Math.log(13.5)}, t.features(),
                1e-6f);
        // without the transform the row is fine and the values raw
        Table raw = LabelledCsv.readTable(f, "Class", Set.of(), null, BadRows.FAIL, List.of("none"));
        assertEquals(4, raw.rows());
        assertEquals(-4f, raw.features()[3], 0f);
        DataFormatException unknown = assertThrows(DataFormatException.class,
                () -> LabelledCsv.readTable(f, "Class", Set.of(), null, BadRows.FAIL, List.of("Amt")));
        assertTrue(unknown.getMessage().contains(f.toString()) && unknown.getMessage().contains("'Amt'"),
                unknown.getMessage());
    }
}
