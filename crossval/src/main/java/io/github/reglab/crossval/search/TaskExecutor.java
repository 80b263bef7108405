package io.github.reglab.crossval.search;

import java.util.List;

/**
 * Runs tasks, in parallel where it can, and returns their scores in task order. Results must not depend on how
 * many tasks run at once.
 */
public interface TaskExecutor extends AutoCloseable {

    /**
     * Returns one score per task, in the same order.
     *
     * @param tasks the tasks
     * @param evaluator what runs each task
     * @return one score per task, in the same order
     */
    List<FoldScore> run(List<Task> tasks, FoldEvaluator evaluator);

    /**
     * Describes where tasks run.
     *
     * @return e.g. {@code local, 2 workers}
     */
    String describe();

    @Override
    void close();
}
