package io.github.reglab.fraud.crossval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.reglab.crossval.search.Config;
import io.github.reglab.crossval.search.FoldEvaluator;
import io.github.reglab.crossval.search.FoldScore;
import io.github.reglab.crossval.search.LocalExecutor;
import io.github.reglab.crossval.search.ParamRange;
import io.github.reglab.crossval.search.Task;
import io.github.reglab.crossval.split.Fold;
import io.github.reglab.harness.run.Progress;
import org.junit.jupiter.api.Test;

/** Every finished task is counted once, from several worker threads at a time, and the scores keep task order. */
class ProgressExecutorTest {

    /** Scores a task by its configuration id; trains nothing. */
    private static final class ById implements FoldEvaluator {
        private static final long serialVersionUID = 1L;

        @Override
        public Map<String, ParamRange> parameters() {
            return Map.of();
        }

        @Override
        public List<String> metrics() {
            return List.of("id");
        }

        @Override
        public int[] labels() {
            return new int[0];
        }

        @Override
        public double[] time() {
            return null;
        }

        @Override
        public FoldScore evaluate(Task task) {
            return new FoldScore(task.config().id(), "f", Map.of("id", (double) task.config().id()), 1, 1, 0);
        }
    }

    @Test
    void countsEachTaskOnceFromEveryWorker() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tasks.add(new Task(new Config(i, Map.of()), new Fold(0, 0, new int[] {0}, new int[] {1}), 0, 1));
        }
        Progress progress = Progress.start("test tasks", 400);
        try (ProgressExecutor ex = new ProgressExecutor(new LocalExecutor(4), progress, true)) {
            List<FoldScore> scores = ex.run(tasks, new ById());
            ex.run(tasks, new ById());
            assertEquals(400, progress.done());
            for (int i = 0; i < scores.size(); i++) {
                assertEquals(i, scores.get(i).configId());
            }
        }
        Progress batch = Progress.start("batched tasks", 200);
        try (ProgressExecutor ex = new ProgressExecutor(new LocalExecutor(2), batch, false)) {
            ex.run(tasks, new ById());
            assertEquals(200, batch.done());
        }
    }
}
