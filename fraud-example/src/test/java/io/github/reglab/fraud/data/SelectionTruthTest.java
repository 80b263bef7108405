package io.github.reglab.fraud.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Counts checked by hand: 8 informative features, 21 noise features, Time in neither. */
class SelectionTruthTest {

    @Test
    void nothingDroppedKeepsEverything() {
        SelectionTruth t = SelectionTruth.of(TransactionGenerator.featureNames(), List.of());
        assertEquals(8, t.informativeKept().size());
        assertEquals(21, t.noiseKept().size());
        assertEquals(8 / 29.0, t.precision(), 1e-15);
        assertEquals(1.0, t.recall(), 1e-15);
    }

    @Test
    void countsAPartialSelection() {
        List<String> zeroed = new ArrayList<>();
        for (int i = 8; i <= 26; i++) {
            zeroed.add("V" + i); // 19 of the 21 noise features
        }
        zeroed.add("V6");
        zeroed.add("Time"); // neither: not counted
        SelectionTruth t = SelectionTruth.of(TransactionGenerator.featureNames(), zeroed);
        assertEquals(List.of("V6"), t.informativeDropped());
        assertEquals(List.of("V27", "V28"), t.noiseKept());
        assertEquals(19, t.noiseDropped().size());
        assertEquals(7 / 9.0, t.precision(), 1e-15);
        assertEquals(7 / 8.0, t.recall(), 1e-15);
        assertTrue(t.describe().contains("noise features dropped 19 of 21, informative kept 7 of 8 (dropped V6)"),
                t.describe());
    }

    @Test
    void refusesOtherColumns() {
        assertThrows(IllegalArgumentException.class, () -> SelectionTruth.of(List.of("a", "b"), List.of()));
    }
}
