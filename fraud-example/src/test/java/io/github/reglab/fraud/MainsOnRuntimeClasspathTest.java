package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.reglab.core.testing.ChildJvm;
import io.github.reglab.fraud.crossval.CrossvalApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both mains of this module start on its runtime class path with no extra JVM options, as they do from an IDE:
 * {@code fraud generate} and {@code fraud train} on a small CSV, and the cross-validation command with local
 * workers. Guards against a dependency declared at the wrong scope (Spark's {@code provided} scope once took
 * commons-math3, which ND4J needs at run time, off the runtime class path).
 */
class MainsOnRuntimeClasspathTest {

    private static final List<String> JVM = List.of("-Xmx1g");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void fraudAndCrossvalMainsRunOnTheRuntimeClasspath(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("tx.csv");
        ChildJvm.Result gen = ChildJvm.run(FraudApp.class.getName(), JVM, List.of("generate", "--output",
                csv.toString(), "--rows", "3000", "--fraud-rate", "0.05", "--seed", "3"), TIMEOUT);
        assertEquals(0, gen.exit(), gen.err());
        assertTrue(Files.size(csv) > 0);

        ChildJvm.Result train = ChildJvm.run(FraudApp.class.getName(), JVM, List.of("train", "--data",
                csv.toString(), "--epochs", "1", "--max-batches", "3", "--batch-size", "256", "--no-baseline",
                "--output", tmp.resolve("run").toString()), TIMEOUT);
        assertEquals(0, train.exit(), train.err());
        assertTrue(Files.exists(tmp.resolve("run").resolve(FraudModel.FILE_NAME)), train.err());

        ChildJvm.Result cv = ChildJvm.run(CrossvalApp.class.getName(), JVM, List.of("--data", csv.toString(),
                "--folds", "2", "--epochs", "1", "--max-batches", "2", "--batch-size", "256", "--grid", "l2=0,1e-3",
                "--workers", "1", "--output", tmp.resolve("cv").toString()), TIMEOUT);
        assertEquals(0, cv.exit(), cv.err());
        assertTrue(Files.exists(tmp.resolve("cv").resolve("manifest.json")), cv.err());
    }
}
