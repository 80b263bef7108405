package io.github.reglab.crossval.search;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs every task as one Spark task: the evaluator (with the data) is broadcast once to every executor, the tasks
 * are parallelized one per partition and the scores collected in task order. Same seed, same scores as
 * {@link LocalExecutor}. Spark is a provided dependency: {@code spark-submit} supplies it on a cluster.
 */
public final class SparkExecutor implements TaskExecutor {

    private final JavaSparkContext context;
    private final boolean owned;

    /**
     * Uses an existing context (the caller stops it).
     *
     * @param context the Spark context
     */
    public SparkExecutor(JavaSparkContext context) {
        this(context, false);
    }

    private SparkExecutor(JavaSparkContext context, boolean owned) {
        this.context = context;
        this.owned = owned;
    }

    /**
     * Starts a Spark context. The master comes from {@code master}, else from {@code spark-submit}'s
     * {@code spark.master}, else {@code local[*]}.
     *
     * @param master a master URL such as {@code local[2]} or {@code spark://host:7077}, or null
     * @return the executor; {@link #close()} stops the context
     */
    public static SparkExecutor start(String master) {
        List<String> missing = missingOpens(SparkExecutor::openHere);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(accessMessage(missing));
        }
        String userProblem = userProblem(Runtime.version().feature(), System.getenv(SPARK_USER));
        if (userProblem != null) {
            throw new IllegalStateException(userProblem);
        }
        SparkConf conf = new SparkConf().setAppName("reglab-crossval");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        try {
            return new SparkExecutor(new JavaSparkContext(conf), true);
        } catch (IllegalAccessError | java.lang.reflect.InaccessibleObjectException e) {
            throw new IllegalStateException(accessMessage(REQUIRED_OPENS) + " (" + e.getMessage() + ")", e);
        }
    }

    /** The environment variable Spark takes the user name from before it asks Hadoop. */
    static final String SPARK_USER = "SPARK_USER";

    /**
     * Why Spark cannot start on this JDK, or null. Spark 3.5 names the current user through Hadoop 3.3's
     * {@code UserGroupInformation}, which calls {@code Subject.getSubject}: JDK 23 and later throw
     * {@code UnsupportedOperationException} there ("getSubject is not supported"). Spark asks only when the
     * environment variable {@code SPARK_USER} is unset.
     *
     * @param javaRelease the JDK's feature release
     * @param sparkUser the value of {@code SPARK_USER}, or null
     * @return a one-line explanation with the fix, or null when Spark can start
     */
    static String userProblem(int javaRelease, String sparkUser) {
        if (javaRelease < 23 || sparkUser != null) {
            return null;
        }
        return "Spark 3.5 cannot look up the current user on JDK " + javaRelease + " (Hadoop 3.3 calls "
                + "Subject.getSubject, which JDK 23 and later refuse): set the environment variable SPARK_USER, "
                + "e.g. SPARK_USER=$USER (./suite does), or run on JDK 17 or 21";
    }

    /** The {@code java.base} packages Spark 3.5 reflects into on Java 17 (the set spark-submit's launcher opens). */
    public static final List<String> REQUIRED_OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect",
            "java.io", "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
            "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

    /**
     * Lists the required packages that are not open.
     *
     * @param isOpen whether {@code java.base} opens a package to this code
     * @return the packages of {@link #REQUIRED_OPENS} that are not open, in that order
     */
    static List<String> missingOpens(Predicate<String> isOpen) {
        return REQUIRED_OPENS.stream().filter(isOpen.negate()).toList();
    }

    /**
     * Whether this JVM's {@code java.base} opens a package to this code. A package this JDK no longer has counts as
     * open: there is nothing for Spark to reflect into ({@code sun.security.action} is gone from JDK 24 on).
     *
     * @param pkg a {@code java.base} package name
     * @return true when the package is open to this code or absent from this JDK
     */
    static boolean openHere(String pkg) {
        Module base = Object.class.getModule();
        return !base.getPackages().contains(pkg) || base.isOpen(pkg, SparkExecutor.class.getModule());
    }

    /**
     * Returns the JVM options that open packages to the class path.
     *
     * @param packages {@code java.base} packages
     * @return one {@code --add-opens=java.base/<package>=ALL-UNNAMED} per package, space-separated
     */
    public static String addOpensFlags(List<String> packages) {
        return packages.stream().map(pkg -> "--add-opens=java.base/" + pkg + "=ALL-UNNAMED")
                .collect(Collectors.joining(" "));
    }

    private static String accessMessage(List<String> missing) {
        return "Spark needs these JVM options on Java 17 and newer: " + addOpensFlags(missing)
                + " (./suite crossval passes them; in an IDE add them to the run configuration's VM options)";
    }

    @Override
    public List<FoldScore> run(List<Task> tasks, FoldEvaluator evaluator) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        Broadcast<FoldEvaluator> shared = context.broadcast(evaluator);
        try {
            return context.parallelize(tasks, tasks.size()).map(t -> shared.value().evaluate(t)).collect();
        } finally {
            shared.destroy();
        }
    }

    @Override
    public String describe() {
        return "spark, master " + context.master() + ", default parallelism " + context.defaultParallelism();
    }

    @Override
    public void close() {
        if (owned) {
            context.stop();
        }
    }
}
