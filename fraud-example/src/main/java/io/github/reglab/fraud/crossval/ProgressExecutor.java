package io.github.reglab.fraud.crossval;

import java.util.List;
import java.util.Map;

import io.github.reglab.crossval.search.FoldEvaluator;
import io.github.reglab.crossval.search.FoldScore;
import io.github.reglab.crossval.search.ParamRange;
import io.github.reglab.crossval.search.Task;
import io.github.reglab.crossval.search.TaskExecutor;
import io.github.reglab.harness.run.Progress;

/**
 * Shows the progress of a search: counts every finished task on a {@link Progress} (a bar on a terminal, a log line
 * every few seconds otherwise). Tasks that run in this JVM count as each ends; tasks sent to Spark count when their
 * batch returns (the evaluator travels to the executors, the bar does not).
 */
final class ProgressExecutor implements TaskExecutor {

    private final TaskExecutor inner;
    private final Progress progress;
    private final boolean inThisJvm;

    /**
     * Wraps an executor.
     *
     * @param inner where the tasks run; closed with this one
     * @param progress what counts them
     * @param inThisJvm whether the tasks run in this JVM (local workers), so that each can be counted as it ends
     */
    ProgressExecutor(TaskExecutor inner, Progress progress, boolean inThisJvm) {
        this.inner = inner;
        this.progress = progress;
        this.inThisJvm = inThisJvm;
    }

    @Override
    public List<FoldScore> run(List<Task> tasks, FoldEvaluator evaluator) {
        if (!inThisJvm) {
            List<FoldScore> scores = inner.run(tasks, evaluator);
            progress.step(tasks.size());
            return scores;
        }
        return inner.run(tasks, new Counting(evaluator, progress));
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        try {
            inner.close();
        } finally {
            progress.close();
        }
    }

    /** The evaluator, counting each task it finishes; used only in this JVM, never serialized. */
    private static final class Counting implements FoldEvaluator {
        private static final long serialVersionUID = 1L;
        private final FoldEvaluator evaluator;
        private final transient Progress progress;

        Counting(FoldEvaluator evaluator, Progress progress) {
            this.evaluator = evaluator;
            this.progress = progress;
        }

        @Override
        public Map<String, ParamRange> parameters() {
            return evaluator.parameters();
        }

        @Override
        public List<String> metrics() {
            return evaluator.metrics();
        }

        @Override
        public int[] labels() {
            return evaluator.labels();
        }

        @Override
        public double[] time() {
            return evaluator.time();
        }

        @Override
        public FoldScore evaluate(Task task) {
            FoldScore score = evaluator.evaluate(task);
            progress.step(1);
            return score;
        }
    }
}
