package io.github.reglab.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reglab.core.train.LearningRateSpec;
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

    @Command(name = "t", mixinStandardHelpOptions = true)
    static final class Cosine {
        @Mixin
        LearningRateOptions rate = new LearningRateOptions(1e-3, LearningRateOptions.Schedule.COSINE, 0);
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
        WithDecay linear = new WithDecay();
        new CommandLine(linear).parseArgs("--lr-schedule", "linear");
        e = assertThrows(IllegalArgumentException.class, () -> linear.rate.spec(10));
        assertTrue(e.getMessage().contains("--lr-schedule") && e.getMessage().contains("'linear'"), e.getMessage());
        WithDecay cosine = new WithDecay();
        new CommandLine(cosine).parseArgs("--lr-schedule", "cosine");
        e = assertThrows(IllegalArgumentException.class, () -> cosine.rate.spec(10));
        assertTrue(e.getMessage().contains("--lr-decay 0.15"), "decay given with cosine: " + e.getMessage());
    }

    @Test
    void theScheduleOptionChoosesTheSpec() {
        WithDecay w = new WithDecay();
        new CommandLine(w).parseArgs();
        assertEquals(LearningRateSpec.inverseTime(2e-3, 0.15), w.rate.spec(10));
        WithDecay cosine = new WithDecay();
        new CommandLine(cosine).parseArgs("--lr-schedule", "cosine", "--lr-decay", "0");
        assertEquals(LearningRateSpec.cosine(2e-3, 12), cosine.rate.spec(12), "the cosine period is the run's epochs");
        Cosine c = new Cosine();
        new CommandLine(c).parseArgs();
        assertEquals(LearningRateOptions.Schedule.COSINE, c.rate.schedule());
        assertEquals(LearningRateSpec.cosine(1e-3, 15), c.rate.spec(15));
        assertTrue(new CommandLine(new Cosine()).getUsageMessage().contains("Default: cosine"));
    }
}
