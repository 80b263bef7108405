package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.reglab.harness.run.OptionChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** preview never replaces an existing file without --force (issue #18: outputs never clobber). */
class PreviewCommandTest {

    @TempDir
    Path tmp;

    @Test
    void anExistingOutputNeedsForceAndIsLeftAlone() throws Exception {
        Path existing = Files.writeString(tmp.resolve("grid.png"), "earlier");
        PreviewCommand c = new PreviewCommand();
        c.output = existing;
        OptionChecks.BadOptionException e = assertThrows(OptionChecks.BadOptionException.class, c::run);
        assertTrue(e.getMessage().contains("exists; pass --force"), e.getMessage());
        assertEquals("earlier", Files.readString(existing));
    }
}
