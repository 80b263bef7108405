package io.github.reglab.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

class AppLauncherTest {

    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.of("--epochs", "5", "--batch-size", "16"));
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.class)
    static final class Demo implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--fail")
        boolean fail;

        int epochsSeen;

        @Override
        public Integer call() {
            epochsSeen = common.epochs();
            common.batchSize();
            common.seed();
            if (fail) {
                throw new IllegalStateException("training diverged at epoch 2");
            }
            return AppLauncher.OK;
        }
    }

    private record Outcome(int code, String err) {
    }

    private static Outcome run(Object cmd, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = AppLauncher.commandLine(cmd);
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return new Outcome(cl.execute(args), err.toString());
    }

    @Test
    void successUsesAppDefaults() {
        Demo d = new Demo();
        assertEquals(0, run(d).code());
        assertEquals(5, d.epochsSeen);
    }

    @Test
    void unknownOptionExitsTwoWithOneLine() {
        Outcome o = run(new Demo(), "--epochz", "3");
        assertEquals(2, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("--epochz"), o.err());
    }

    @Test
    void malformedNumberExitsTwo() {
        Outcome o = run(new Demo(), "--epochs", "three");
        assertEquals(2, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    @Test
    void outOfRangeValueExitsTwoNamingTheRange() {
        Outcome o = run(new Demo(), "--epochs", "0");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--epochs must be in [1, 100000], found 0"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        Outcome seed = run(new Demo(), "--seed", "0");
        assertEquals(2, seed.code());
        assertTrue(seed.err().contains("--seed must not be 0"), seed.err());
    }

    @Test
    void failedRunExitsOneWithoutStackTrace() {
        Outcome o = run(new Demo(), "--fail");
        assertEquals(1, o.code());
        assertTrue(o.err().contains("training diverged at epoch 2"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    @Test
    void helpShowsAppDefaults() {
        StringWriter out = new StringWriter();
        CommandLine cl = AppLauncher.commandLine(new Demo());
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--help"));
        assertTrue(out.toString().contains("Default: 5"), out.toString());
    }

    @Command(name = "hungry")
    static final class Hungry implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** An OutOfMemoryError anywhere is one line on stderr and exit code 1, never a stack trace (issue #18). */
    @Test
    void outOfMemoryIsOneLineAndExitOne() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        int code;
        try {
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            code = AppLauncher.execute(new Hungry());
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(AppLauncher.RUN_FAILED, code);
        assertTrue(text.contains("hungry failed: out of memory (Java heap space)") && text.contains("-Xmx"), text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
    }
}
