package io.github.reglab.crossval.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.reglab.crossval.split.Fold;
import io.github.reglab.crossval.split.StratifiedKFold;
import org.junit.jupiter.api.Test;

/**
 * The search's bookkeeping (ranking, means, pruning, nesting, task order) with an evaluator whose scores are a
 * known function of the configuration and the fold, so every expected value is computed by hand.
 */
class CrossValidationTest {

    /** Score = 1 − (x − 0.3)² + 0.01 · fold index; records the tasks it saw. */
    static final class KnownScores implements FoldEvaluator {
        private static final long serialVersionUID = 1L;
        final int[] labels;
        /** Local executors only: not serialized. */
        final transient List<Task> seen = Collections.synchronizedList(new ArrayList<>());

        KnownScores(int n) {
            labels = new int[n];
            for (int i = 0; i < n; i += 5) {
                labels[i] = 1;
            }
        }

        @Override
        public Map<String, ParamRange> parameters() {
            return Map.of("x", ParamRange.number(0, 1, true, "x"));
        }

        @Override
        public List<String> metrics() {
            return List.of("score");
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }

        @Override
        public double[] time() {
            return null;
        }

        @Override
        public FoldScore evaluate(Task task) {
            seen.add(task);
            double x = task.config().number("x", 0);
            double s = 1 - (x - 0.3) * (x - 0.3) + 0.01 * task.fold().index();
            return new FoldScore(task.config().id(), task.fold().name(), Map.of("score", s), task.fold().index(),
                    task.fold().index() + 1, 0);
        }
    }

    private static List<Config> xs(double... values) {
        List<Config> c = new ArrayList<>();
        for (double v : values) {
            c.add(new Config(c.size(), Map.of("x", v)));
        }
        return c;
    }

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    @Test
    void ranksByMeanOverFoldsWithStandardDeviations() {
        KnownScores ev = new KnownScores(100);
        try (LocalExecutor pool = new LocalExecutor(2)) {
            SearchResult r = new CrossValidation(new StratifiedKFold(4), new Objective("score", true), 0, pool)
                    .search(ev, all(100), xs(0.0, 0.25, 0.5, 1.0), 9);
            assertEquals(List.of(1, 2, 0, 3), r.ranked().stream().map(s -> s.config().id()).toList());
            ConfigSummary best = r.best();
            // mean over folds 0..3 of 1 − 0.0025 + 0.01·f = 0.9975 + 0.015
            assertEquals(0.9975 + 0.015, best.mean().get("score"), 1e-12);
            // sample sd of {0, .01, .02, .03} = sqrt(0.0005/3)
            assertEquals(Math.sqrt(0.0005 / 3), best.std().get("score"), 1e-12);
            // best epochs 0..3 → epoch counts 1..4, median (2 + 3) / 2 rounded
            assertEquals(3, best.medianBestEpoch());
            assertEquals(16, ev.seen.size());
        }
    }

    @Test
    void medianStoppingRulePrunesTheWorseHalfAfterTheGivenFolds() {
        KnownScores ev = new KnownScores(100);
        try (LocalExecutor pool = new LocalExecutor(2)) {
            SearchResult r = new CrossValidation(new StratifiedKFold(5), new Objective("score", true), 2, pool)
                    .search(ev, all(100), xs(0.0, 0.3, 0.35, 0.9, 1.0), 9);
            // after 2 folds the running means order 0.3 > 0.35 > 0.0 > 0.9 > 1.0; median is x = 0.0's
            List<Integer> pruned = r.ranked().stream().filter(ConfigSummary::pruned).map(s -> s.config().id())
                    .toList();
            assertEquals(List.of(3, 4), pruned);
            assertEquals(5 * 2 + 3 * 3, ev.seen.size(), "pruned configurations skip their last 3 folds");
            assertEquals(2, r.ranked().get(4).scores().size());
            assertEquals(5, r.ranked().get(0).scores().size());
            assertFalse(r.ranked().get(0).pruned());
        }
    }

    @Test
    void everyTaskGetsAFreshNonZeroSeedPerFoldSharedAcrossConfigurations() {
        KnownScores ev = new KnownScores(60);
        try (LocalExecutor pool = new LocalExecutor(3)) {
            new CrossValidation(new StratifiedKFold(3), new Objective("score", true), 0, pool)
                    .search(ev, all(60), xs(0.1, 0.2), 5);
        }
        Map<String, List<Long>> seedsByFold = new java.util.TreeMap<>();
        for (Task t : ev.seen) {
            seedsByFold.computeIfAbsent(t.fold().name(), k -> new ArrayList<>()).add(t.seed());
            assertEquals(0, t.fixedEpochs());
        }
        assertEquals(3, seedsByFold.size());
        seedsByFold.values().forEach(s -> assertEquals(1, s.stream().distinct().count()));
        assertEquals(3, seedsByFold.values().stream().map(s -> s.get(0)).distinct().count());
    }

    @Test
    void nestedCrossValidationScoresEachOuterFoldWithARefitItNeverChoseOn() {
        KnownScores ev = new KnownScores(120);
        try (LocalExecutor pool = new LocalExecutor(2)) {
            CrossValidation inner = new CrossValidation(new StratifiedKFold(3), new Objective("score", true), 0, pool);
            NestedCrossValidation.Result r = NestedCrossValidation.run(new StratifiedKFold(4), inner, pool, ev,
                    all(120), xs(0.0, 0.3, 0.6), 11);
            assertEquals(4, r.outer().size());
            for (NestedCrossValidation.OuterFold o : r.outer()) {
                assertEquals(0.3, o.inner().best().config().number("x", -1));
                // the inner search only saw the outer training rows
                for (Fold f : o.inner().folds()) {
                    for (int v : f.validation()) {
                        assertTrue(java.util.Arrays.binarySearch(o.fold().train(), v) >= 0);
                    }
                }
            }
            List<Task> refits = ev.seen.stream().filter(t -> t.fixedEpochs() > 0).toList();
            assertEquals(4, refits.size());
            // refit score = 1 + 0.01 · outer fold index; mean over 0..3
            assertEquals(1.015, r.mean(), 1e-12);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        KnownScores ev = new KnownScores(50);
        try (LocalExecutor pool = new LocalExecutor(1)) {
            CrossValidation cv = new CrossValidation(new StratifiedKFold(5), new Objective("nope", true), 0, pool);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> cv.search(ev, all(50), xs(0.1), 1))
                    .getMessage().contains("unknown metric 'nope'"));
            CrossValidation pruneTooLate = new CrossValidation(new StratifiedKFold(5), new Objective("score", true),
                    5, pool);
            assertThrows(IllegalArgumentException.class, () -> pruneTooLate.search(ev, all(50), xs(0.1, 0.2, 0.3),
                    1));
            assertThrows(IllegalArgumentException.class, () -> cv.search(ev, all(50), List.of(), 1));
        }
        assertThrows(IllegalArgumentException.class, () -> new LocalExecutor(0));
        assertEquals(2, LocalExecutor.defaultWorkers(2, 8L << 30));
        assertEquals(1, LocalExecutor.defaultWorkers(8, 300L << 20));
    }
}
