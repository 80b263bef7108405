package io.github.reglab.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * README's Trainer example is the region of {@code examples/consumer}'s source between the {@code --8<--} markers,
 * which the build compiles and runs; this test keeps the two identical, so the example in README always compiles.
 */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void readmeTrainerExampleIsTheCompiledConsumerCode() throws IOException {
        String source = Files.readString(ROOT.resolve(
                "examples/consumer/src/main/java/com/example/consumer/SparseClassifier.java"), StandardCharsets.UTF_8);
        String start = "// --8<-- [start:trainer]\n";
        int from = source.indexOf(start);
        int to = source.indexOf("// --8<-- [end:trainer]");
        assertTrue(from >= 0 && to > from, "markers in SparseClassifier.java");
        String region = source.substring(from + start.length(), to);
        int indent = region.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        String snippet = Arrays.stream(region.split("\n", -1)).map(l -> l.length() >= indent ? l.substring(indent)
                : l.strip()).collect(Collectors.joining("\n")).strip();
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("```java\n" + snippet + "\n```"), "README.md must quote SparseClassifier.java's "
                + "trainer region verbatim:\n" + snippet);
    }
}
