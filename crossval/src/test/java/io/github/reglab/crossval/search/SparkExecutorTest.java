package io.github.reglab.crossval.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The module-access check that turns Spark's IllegalAccessError into one line naming the JVM options. */
class SparkExecutorTest {

    @Test
    void missingOpensAreListedInOrderAndSpelledAsJvmOptions() {
        List<String> missing = SparkExecutor.missingOpens(pkg -> !pkg.startsWith("sun."));
        assertEquals(List.of("sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar"), missing);
        assertEquals("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
                SparkExecutor.addOpensFlags(missing.subList(0, 2)));
        assertTrue(SparkExecutor.missingOpens(pkg -> true).isEmpty());
    }

    /** This test JVM gets the flags from the build (spark.jvm.flags), so the real check finds nothing missing. */
    @Test
    void theBuildsTestJvmHasEveryRequiredOpen() {
        assertEquals(List.of(), SparkExecutor.missingOpens(SparkExecutor::openHere));
    }

    /** The build's flag list and the executor's agree, so neither can drift alone. */
    @Test
    void buildFlagsMatchTheRequiredSet() {
        String fromBuild = System.getProperty("reglab.spark.jvm.flags", "");
        assertEquals(SparkExecutor.addOpensFlags(SparkExecutor.REQUIRED_OPENS), fromBuild.trim());
    }

    /** JDK 23+ refuses Hadoop's user lookup; SPARK_USER bypasses it, so only that combination is an error. */
    @Test
    void newJdksWithoutSparkUserGetOneLineWithTheFix() {
        assertNull(SparkExecutor.userProblem(17, null));
        assertNull(SparkExecutor.userProblem(21, null));
        assertNull(SparkExecutor.userProblem(25, "alice"));
        String message = SparkExecutor.userProblem(25, null);
        assertTrue(message.contains("JDK 25") && message.contains("SPARK_USER") && !message.contains("\n"),
                message);
    }

    /** The build's test JVMs get SPARK_USER, so the Spark tests run on every JDK the build supports. */
    @Test
    void theBuildsTestJvmCanStartSpark() {
        assertNull(SparkExecutor.userProblem(Runtime.version().feature(), System.getenv(SparkExecutor.SPARK_USER)));
    }

    /** Spark is a test dependency here, so it is found; a loader that sees only the JDK does not find it. */
    @Test
    void sparkOnTheClassPathIsDetectedWithoutLoadingIt() {
        assertTrue(SparkClasspath.missing().isEmpty());
        String why = SparkClasspath.missing(ClassLoader.getPlatformClassLoader()).orElseThrow();
        assertTrue(why.startsWith("--executor spark needs Spark") && why.contains("./suite crossval"), why);
    }
}
