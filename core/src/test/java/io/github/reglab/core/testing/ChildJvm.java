package io.github.reglab.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.reglab.core.backend.NativeSetup;

/**
 * Starts an application main in a fresh JVM on its module's <em>runtime</em> class path, as an IDE or
 * {@code mvn exec:java} would: {@code target/classes} plus {@code target/runtime-classpath.txt}, which the module's
 * build writes with {@code dependency:build-classpath -DincludeScope=runtime}. The test JVM's own class path also
 * holds test and provided dependencies, so it cannot show what a user's run would miss.
 */
public final class ChildJvm {

    /** The file the module's build writes its runtime class path to. */
    public static final Path CLASSPATH_FILE = Path.of("target", "runtime-classpath.txt");

    private ChildJvm() {
    }

    /**
     * What the child did.
     *
     * @param exit its exit code
     * @param out its standard output
     * @param err its standard error (the log)
     */
    public record Result(int exit, String out, String err) {
    }

    /**
     * Starts a main class of the tests in a second JVM on this JVM's own class path (for tests about what two
     * processes do to each other); its standard error is discarded.
     *
     * @param mainClass the class
     * @param args the program arguments
     * @return the running process; read its standard output, and stop it when done
     * @throws IOException when it cannot start
     */
    public static Process startOnTestClasspath(Class<?> mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(NativeSetup.jvmFlags()); // standard error holds the app's words, not the JVM's warnings
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * Runs a main class and waits for it.
     *
     * @param mainClass the class
     * @param jvmOptions options before the class name (heap size, system properties)
     * @param args the program arguments
     * @param timeout how long to wait before killing it
     * @return what it did
     */
    public static Result run(String mainClass, List<String> jvmOptions, List<String> args, Duration timeout) {
        try {
            String deps = Files.readString(CLASSPATH_FILE, StandardCharsets.UTF_8).trim();
            String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + deps;
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(NativeSetup.jvmFlags()); // standard error holds the app's words, not the JVM's warnings
            cmd.addAll(jvmOptions);
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(mainClass);
            cmd.addAll(args);
            Path out = Files.createTempFile("child-out", ".txt");
            Path err = Files.createTempFile("child-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().put("OMP_NUM_THREADS", "1");
                Process p = pb.start();
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IllegalStateException(mainClass + " did not finish within " + timeout + "; log:\n"
                            + Files.readString(err));
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass + " (is " + CLASSPATH_FILE.toAbsolutePath()
                    + " written by the build?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + mainClass, e);
        }
    }
}
