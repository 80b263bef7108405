package io.github.reglab.crossval.search;

import java.util.Optional;

/**
 * Whether Spark is on the class path, asked without loading any Spark class: Spark is a provided dependency
 * ({@code spark-submit} supplies it on a cluster), so a plain run has none, and {@link SparkExecutor} would fail with
 * a {@code NoClassDefFoundError} stack trace.
 */
public final class SparkClasspath {

    /** A class every Spark 3.5 deployment has. */
    static final String PROBE_CLASS = "org.apache.spark.api.java.JavaSparkContext";

    private SparkClasspath() {
    }

    /**
     * Explains in one line why Spark cannot be used here, or nothing when it can.
     *
     * @return the explanation, naming the ways to get Spark, or empty
     */
    public static Optional<String> missing() {
        return missing(SparkClasspath.class.getClassLoader());
    }

    /**
     * The check of {@link #missing()} against a given class loader.
     *
     * @param loader where to look
     * @return the explanation, or empty
     */
    static Optional<String> missing(ClassLoader loader) {
        try {
            Class.forName(PROBE_CLASS, false, loader);
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("--executor spark needs Spark 3.5 on the class path, and " + PROBE_CLASS
                    + " is not there: ./suite crossval adds it, spark-submit provides it on a cluster, and from an IDE "
                    + "or exec:exec use the spark-local profile (org.apache.spark:spark-core_2.12)");
        }
    }
}
