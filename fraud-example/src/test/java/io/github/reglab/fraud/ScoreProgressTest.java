package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line count behind {@code fraud score}'s progress total. */
class ScoreProgressTest {

    @TempDir
    Path tmp;

    @Test
    void countsLinesWithAndWithoutAFinalLineBreak() throws IOException {
        assertEquals(3, ScoreCommand.dataLines(Files.writeString(tmp.resolve("a.csv"), "h\n1\n2\n")));
        assertEquals(3, ScoreCommand.dataLines(Files.writeString(tmp.resolve("b.csv"), "h\n1\n2")));
        assertEquals(0, ScoreCommand.dataLines(Files.writeString(tmp.resolve("c.csv"), "")));
        // longer than one read buffer, CRLF line ends
        assertEquals(70_000, ScoreCommand.dataLines(Files.writeString(tmp.resolve("d.csv"), "1,2\r\n".repeat(70_000))));
    }
}
