package io.github.reglab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A command's own defaults survive picocli's parsing (no {@code defaultValue} attribute may override them), the
 * command line overrides them, and bad values name the option.
 */
class LearningRateOptionsTest {

    @Command(name = "t", mixinStandardHelpOptions = true)
    static final class WithDecay {
        @Mixin
        LearningRateOptions rate = new LearningRateOptions(2e-3, 0.15);
    }

    @Command(name = "t")
    static final class Plain {
        @Mixin
        LearningRateOptions rate = new LearningRateOptions();
    }

    @Test
    void defaultsComeFromTheCommandAndTheCommandLineWins() {
        WithDecay w = new WithDecay();
        new CommandLine(w).parseArgs();
        assertEquals(2e-3, w.rate.learningRate());
        assertEquals(0.15, w.rate.lrDecay());
        Plain p = new Plain();
        new CommandLine(p).parseArgs();
        assertEquals(1e-3, p.rate.learningRate());
        assertEquals(0, p.rate.lrDecay());
        WithDecay given = new WithDecay();
        new CommandLine(given).parseArgs("--lr-decay", "0.3", "--learning-rate", "0.01");
        assertEquals(0.3, given.rate.lrDecay());
        assertEquals(0.01, given.rate.learningRate());
        String help = new CommandLine(new WithDecay()).getUsageMessage();
        assertTrue(help.contains("Default: 0.15"), help);
    }

    @Test
    void badValuesNameTheOption() {
        WithDecay w = new WithDecay();
        new CommandLine(w).parseArgs("--lr-decay", "-1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, w.rate::lrDecay);
        assertTrue(e.getMessage().contains("--lr-decay"), e.getMessage());
        new CommandLine(w).parseArgs("--learning-rate", "0");
        e = assertThrows(IllegalArgumentException.class, w.rate::learningRate);
        assertTrue(e.getMessage().contains("--learning-rate"), e.getMessage());
    }
}
