package io.github.reglab.fraud.data;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;

import io.github.reglab.harness.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized mutation of CSV files (quotes, separators, line breaks, non-numbers, NaN, byte-order marks, cuts):
 * every variant either reads to its end or is refused with {@link DataFormatException} naming the file, under both
 * bad-row policies; nothing else escapes.
 */
class LabelledCsvFuzzTest {

    private static final int MUTATIONS = 2000;
    private static final String[] PIECES = {",", "\"", "\n", "\r\n", "", "NaN", "-Infinity", "1e400", "x", "\uFEFF",
        ",,", "\"\"", "0", "1", "2", " ", "\t", "?", "1,0", "\u0000", "é"};

    @TempDir
    Path tmp;

    @Test
    void everyMutationReadsOrIsRefused() throws Exception {
        Path seedFile = tmp.resolve("seed.csv");
        TransactionGenerator.writeCsv(seedFile, 30, 0.2, 1);
        String text = Files.readString(seedFile);
        SplittableRandom r = new SplittableRandom(20261202);
        Path f = tmp.resolve("fuzz.csv");
        for (int i = 0; i < MUTATIONS; i++) {
            StringBuilder b = new StringBuilder(text);
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                int at = r.nextInt(b.length() + 1);
                switch (r.nextInt(3)) {
                    case 0 -> b.insert(at, PIECES[r.nextInt(PIECES.length)]);
                    case 1 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(20)));
                    default -> b.setLength(at);
                }
            }
            Files.writeString(f, b, StandardCharsets.UTF_8);
            for (BadRows policy : BadRows.values()) {
                try (LabelledCsv csv = LabelledCsv.open(f, "Class", true, Set.of(), "Time", policy)) {
                    while (csv.next() != null) {
                        // read to the end
                    }
                } catch (DataFormatException expected) {
                    if (!expected.getMessage().contains("fuzz.csv")) {
                        fail("mutation " + i + ": the message does not name the file: " + expected.getMessage());
                    }
                } catch (Throwable t) {
                    fail("mutation " + i + " (" + policy + "): " + t + "\n" + b, t);
                }
            }
        }
    }
}
