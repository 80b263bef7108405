package io.github.reglab.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.reglab.crossval.search.SparkExecutor;
import org.junit.jupiter.api.Test;

/**
 * The IntelliJ run configurations checked in under {@code .run/} name main classes that exist, modules that exist,
 * and, where they use Spark, exactly the JVM options the Spark executor asks for. (This module's test class path
 * holds every application, so each main class can be loaded here.)
 */
class RunConfigurationsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String option(String xml, String name) {
        Matcher m = Pattern.compile("<option name=\"" + name + "\" value=\"([^\"]*)\"").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void everyConfigurationNamesARealMainAndModule() throws IOException {
        Set<String> modules;
        try (Stream<Path> poms = Files.list(ROOT)) {
            modules = poms.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).map(p -> {
                try {
                    Matcher m = Pattern.compile("</parent>\\s*(?:<!--.*?-->\\s*)*<artifactId>([^<]+)</artifactId>",
                            Pattern.DOTALL).matcher(Files.readString(p));
                    return m.find() ? m.group(1) : "";
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toSet());
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(ROOT.resolve(".run"))) {
            files = s.filter(p -> p.toString().endsWith(".run.xml")).sorted().toList();
        }
        assertTrue(files.size() >= 4, "run configurations: " + files);
        for (Path f : files) {
            String xml = Files.readString(f);
            String main = option(xml, "MAIN_CLASS_NAME");
            assertDoesNotThrow(() -> Class.forName(main, false, getClass().getClassLoader()), f + ": " + main);
            Matcher module = Pattern.compile("<module name=\"([^\"]+)\"").matcher(xml);
            assertTrue(module.find() && modules.contains(module.group(1)), f + " names a module not in " + modules);
            String vm = option(xml, "VM_PARAMETERS");
            boolean spark = option(xml, "PROGRAM_PARAMETERS").contains("--executor spark");
            assertEquals(spark, vm.contains("--add-opens"), f.toString());
            if (spark) {
                assertTrue(vm.endsWith(SparkExecutor.addOpensFlags(SparkExecutor.REQUIRED_OPENS)), f + ": " + vm);
                assertEquals("true", option(xml, "INCLUDE_PROVIDED_SCOPE"), f + " needs Spark on the class path");
            }
            assertFalse(vm.isBlank(), f + " sets the heap");
        }
    }
}
