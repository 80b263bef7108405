package io.github.reglab.crossval.search;

import java.util.List;

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
        SparkConf conf = new SparkConf().setAppName("reglab-crossval");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return new SparkExecutor(new JavaSparkContext(conf), true);
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
