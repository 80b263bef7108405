package io.github.reglab.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OptionChecksTest {

    private static final Map<String, String> OPTIONS = Map.of("folds", "--folds", "pruneAfter", "--prune-after");

    @Test
    void libraryParameterNamesBecomeOptionNamesOnlyWhereTheyNameTheParameter() {
        assertEquals("cannot split 4 examples into 5 parts: --folds must be <= 4",
                OptionChecks.toOptionNames("cannot split 4 examples into 5 parts: folds must be <= 4", OPTIONS));
        // "5 folds" is a count, not the parameter; "k-folds" and "x.folds" are other words
        assertEquals("5 folds of k-folds; x.folds must be 1; --prune-after must be >= 0",
                OptionChecks.toOptionNames("5 folds of k-folds; x.folds must be 1; pruneAfter must be >= 0", OPTIONS));
        assertEquals("", OptionChecks.toOptionNames(null, OPTIONS));
    }

    @Test
    void asBadOptionTurnsALibraryRejectionIntoAUsageError() {
        OptionChecks.BadOptionException e = assertThrows(OptionChecks.BadOptionException.class,
                () -> OptionChecks.asBadOption(OPTIONS, () -> {
                    throw new IllegalArgumentException("folds must be >= 2, found 1");
                }));
        assertEquals("--folds must be >= 2, found 1", e.getMessage());
        assertEquals(3, (int) OptionChecks.asBadOption(OPTIONS, () -> 3));
    }

    @Test
    void rangesNameTheOptionAndTheRange() {
        assertEquals("--epochs must be in [1, 10], found 0", assertThrows(OptionChecks.BadOptionException.class,
                () -> OptionChecks.inRange("--epochs", 0, 1, 10)).getMessage());
        assertEquals("--rate must be in (0.0, 1.0], found NaN", assertThrows(OptionChecks.BadOptionException.class,
                () -> OptionChecks.inRange("--rate", Double.NaN, 0, 1, false, true)).getMessage());
    }
}
