package io.github.reglab.harness.run;

import java.io.PrintWriter;

import io.github.reglab.core.backend.CudaSupport;
import io.github.reglab.core.backend.NativeSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * Runs a picocli command with this project's exit codes: {@value #OK} on success, {@value #RUN_FAILED} when the
 * run failed, {@value #BAD_USAGE} for a bad command line (a one-line reason on standard error, never a stack
 * trace). A {@code main} is one line: {@code System.exit(AppLauncher.execute(new FraudCommand(), args));}.
 */
public final class AppLauncher {

    /** Exit code of a successful run. */
    public static final int OK = 0;
    /** Exit code of a run that started and failed. */
    public static final int RUN_FAILED = 1;
    /** Exit code of a bad command line. */
    public static final int BAD_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(AppLauncher.class);

    private AppLauncher() {
    }

    /** System property {@code ./suite} sets to the backend it built for: {@code cpu} or {@code cuda}. */
    public static final String BACKEND_PROPERTY = "reglab.backend";

    /**
     * Configures the natives ({@link NativeSetup#configure()}), then parses and runs the command. On the CUDA backend
     * ({@value #BACKEND_PROPERTY}{@code =cuda}) it first asks {@link CudaSupport#probe()} whether this machine can run
     * DL4J M2.1's CUDA code, and stops with that one-line reason ({@value #RUN_FAILED}) before ND4J starts if not.
     *
     * @param command a picocli {@code @Command} object
     * @param args the command line
     * @return the exit code
     */
    public static int execute(Object command, String... args) {
        CommandLine cl = commandLine(command);
        if ("cuda".equals(System.getProperty(BACKEND_PROPERTY))) {
            CudaSupport.Assessment cuda = CudaSupport.probe();
            if (!cuda.usable()) {
                cl.getErr().println(cl.getCommandName() + ": cannot run on the CUDA backend here: " + cuda.reason()
                        + " (./suite --backend cpu runs it on the CPU)");
                cl.getErr().flush();
                return RUN_FAILED;
            }
            LOG.info("CUDA backend: {}", cuda.reason());
        }
        NativeSetup.configure();
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli passes Errors through; this one gets the same one-line treatment as any failure
            cl.getErr().println(cl.getCommandName() + " failed: out of memory (" + e.getMessage() + "): give the "
                    + "JVM more heap (-Xmx, or JAVA_OPTS for ./suite) or off-heap memory "
                    + "(-Dorg.bytedeco.javacpp.maxbytes=…), or use less data (--rows, --train-limit, --batch-size, "
                    + "--batch-rows)");
            cl.getErr().flush();
            return RUN_FAILED;
        }
    }

    /**
     * Builds the picocli command line with this project's error handling, for callers (tests) that want to
     * capture its output with {@link CommandLine#setErr(PrintWriter)}.
     *
     * @param command a picocli {@code @Command} object
     * @return the configured command line
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        BuildVersion.installOn(cl);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(AppLauncher::badUsage);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            Throwable cause = unwrap(ex);
            if (cause instanceof OptionChecks.BadOptionException) {
                cmd.getErr().println(cmd.getCommandName() + ": " + cause.getMessage()
                        + " (see '" + cmd.getCommandName() + " --help')");
                cmd.getErr().flush();
                return BAD_USAGE;
            }
            LOG.error("{} failed: {}", cmd.getCommandName(), describe(cause));
            LOG.debug("Stack trace of the failure", cause);
            cmd.getErr().println(cmd.getCommandName() + " failed: " + describe(cause));
            cmd.getErr().flush();
            return RUN_FAILED;
        });
        return cl;
    }

    /**
     * @param spec the command's injected spec ({@code @Spec}), or null when the command was built in code
     * @return the command line as the user typed it, for the manifest (empty when built in code)
     */
    public static java.util.List<String> originalArgs(CommandLine.Model.CommandSpec spec) {
        return spec == null || spec.commandLine() == null || spec.commandLine().getParseResult() == null
                ? java.util.List.of() : spec.commandLine().getParseResult().originalArgs();
    }

    private static int badUsage(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage()
                + " (see '" + cmd.getCommandName() + " --help')");
        cmd.getErr().flush();
        return BAD_USAGE;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CommandLine.ExecutionException || cur instanceof java.lang.reflect.InvocationTargetException)
                && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            return t.getClass().getSimpleName();
        }
        // this project's exceptions and the argument/state/I-O ones carry complete one-line messages; for anything
        // else (a library's NullPointerException, say) the class name says what kind of failure it was
        boolean complete = t.getClass().getName().startsWith("io.github.reglab.")
                || t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof java.io.UncheckedIOException;
        return t instanceof RuntimeException && !complete ? t.getClass().getSimpleName() + ": " + msg : msg;
    }
}
