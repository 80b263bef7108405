package io.github.reglab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.reglab.core.backend.NativeSetup;
import io.github.reglab.harness.run.Json;

/**
 * Runs one benchmark process (a DL4J worker JVM or the PyTorch script) and reads its {@code RESULT} line.
 */
final class ChildRun {

    private ChildRun() {
    }

    /**
     * @param classpath the worker JVM's classpath
     * @param heap the -Xmx value
     * @param args the worker's arguments (after {@code worker})
     * @return the command line of a DL4J worker JVM
     */
    static List<String> javaWorker(String classpath, String heap, List<String> args) {
        return javaWorker(classpath, heap, List.of(), args);
    }

    /**
     * @param classpath the worker JVM's classpath
     * @param heap the -Xmx value
     * @param jvmOptions further JVM options, e.g. {@code -D} properties
     * @param args the worker's arguments (after {@code worker})
     * @return the command line of a DL4J worker JVM
     */
    static List<String> javaWorker(String classpath, String heap, List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(NativeSetup.jvmFlags());
        cmd.add("-Djava.awt.headless=true");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(BenchApp.class.getName());
        cmd.add("worker");
        cmd.addAll(args);
        return cmd;
    }

    /**
     * @param command the command line
     * @param threads OMP_NUM_THREADS for the child
     * @param log where the child's output goes
     * @param timeoutMinutes the limit
     * @return the child's result
     * @throws IllegalStateException when it fails, times out or prints no result (with its log's tail)
     */
    static JsonNode run(List<String> command, int threads, Path log, int timeoutMinutes) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        env.put("MKL_NUM_THREADS", Integer.toString(threads));
        try {
            Process p = pb.start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("benchmark process timed out after " + timeoutMinutes + " min: "
                        + String.join(" ", command) + "\n" + tail(log));
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(BenchWorker.RESULT)) {
                    if (p.exitValue() != 0) {
                        break;
                    }
                    return Json.mapper().readTree(lines.get(i).substring(BenchWorker.RESULT.length()));
                }
            }
            throw new IllegalStateException("benchmark process exited with " + p.exitValue() + " and no result: "
                    + shown(command) + " (its output: " + log + ")\n" + tail(log));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while benchmarking", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * The command as an error message shows it: a class path (hundreds of jars) is shortened to its first entry.
     *
     * @param command the command
     * @return the words joined by spaces
     */
    static String shown(List<String> command) {
        List<String> out = new java.util.ArrayList<>(command);
        for (int i = 0; i + 1 < out.size(); i++) {
            if (out.get(i).equals("-cp") || out.get(i).equals("-classpath")) {
                String[] entries = out.get(i + 1).split(java.io.File.pathSeparator);
                out.set(i + 1, entries.length > 1
                        ? entries[0] + java.io.File.pathSeparator + "…(" + (entries.length - 1)
                        + " more)" : entries[0]);
            }
        }
        return String.join(" ", out);
    }
}
