package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;

import io.github.reglab.fraud.data.LabelledCsv;
import io.github.reglab.harness.run.OptionChecks;
import org.junit.jupiter.api.Test;

class ScoreBatchRowsTest {

    /**
     * A row of the public credit-card schema (31 fields of about 16 characters) is estimated at 64 + 31·56 + 496 +
     * 30·4 = 2,416 bytes: under a 2 GiB heap the default 4,096 rows fit, the largest allowed value (a million rows,
     * about 2.3 GiB) is refused with the largest that fits, 444,429 = 1 GiB / 2,416.
     */
    @Test
    void aBatchThatCannotFitInTheHeapIsRefusedWithTheSizeThatFits() {
        LabelledCsv.Row row = new LabelledCsv.Row(2, Collections.nCopies(31, "-1.3598071336738"), new float[30], 0, 0);
        long heap = 2L << 30;
        ScoreCommand c = new ScoreCommand();
        c.data = Path.of("transactions.csv");
        c.batchRows = 4096;
        c.checkBatchFits(row, heap);
        c.batchRows = 1_000_000;
        OptionChecks.BadOptionException e = assertThrows(OptionChecks.BadOptionException.class,
                () -> c.checkBatchFits(row, heap));
        String m = e.getMessage();
        assertTrue(m.contains("--batch-rows 1000000") && m.contains("2416 bytes per row of transactions.csv's 31")
                && m.contains("use --batch-rows 444429 or less") && m.contains("-Xmx"), m);
    }
}
