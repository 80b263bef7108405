package io.github.reglab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.github.reglab.core.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/** The benchmark main starts on this module's runtime class path with no extra JVM options, as from an IDE. */
class MainsOnRuntimeClasspathTest {

    @Test
    void regularizerBenchRunsOnTheRuntimeClasspath() {
        ChildJvm.Result r = ChildJvm.run(BenchApp.class.getName(), List.of("-Xmx1g"),
                List.of("regularizers", "--rounds", "1", "--mlp-steps", "3", "--skip-cnn"), Duration.ofMinutes(3));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("proximal group lasso (rows)"), r.out());
    }
}
