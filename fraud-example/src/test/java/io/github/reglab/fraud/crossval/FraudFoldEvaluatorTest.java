package io.github.reglab.fraud.crossval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.fraud.data.Table;
import io.github.reglab.fraud.data.TransactionGenerator;
import io.github.reglab.crossval.search.Config;
import io.github.reglab.crossval.search.CrossValidation;
import io.github.reglab.crossval.search.FoldScore;
import io.github.reglab.crossval.search.LocalExecutor;
import io.github.reglab.crossval.search.Objective;
import io.github.reglab.crossval.search.SearchResult;
import io.github.reglab.crossval.search.SparkExecutor;
import io.github.reglab.crossval.search.Task;
import io.github.reglab.crossval.search.TaskExecutor;
import io.github.reglab.crossval.split.Fold;
import io.github.reglab.crossval.split.StratifiedKFold;
import io.github.reglab.fraud.FraudNetSpec;
import org.junit.jupiter.api.Test;

class FraudFoldEvaluatorTest {

    private static final FraudFoldEvaluator.Settings QUICK = new FraudFoldEvaluator.Settings(3, 256, 1, 0, Map.of());

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    /**
     * The validation rows carry values a million times larger than the training rows: if the standardizer saw a
     * single one of them, its mean would move by thousands.
     */
    @Test
    void normalizerIsFittedOnTheFoldsTrainingRowsOnly() {
        Table t = TransactionGenerator.generate(400, 0.1, 3);
        float[] x = t.features().clone();
        Fold fold = new StratifiedKFold(4).split(io.github.reglab.crossval.split.Samples.of(t.labels()), 5).get(1);
        for (int v : fold.validation()) {
            for (int c = 0; c < t.columns(); c++) {
                x[v * t.columns() + c] = 1e6f;
            }
        }
        Table poisoned = new Table(t.featureNames(), t.labelName(), x, t.labels(), t.time(), Map.of());
        FraudFoldEvaluator.Prepared p = new FraudFoldEvaluator(poisoned, QUICK).prepare(fold);
        for (int c = 0; c < t.columns(); c++) {
            double sum = 0;
            for (int r : fold.train()) {
                sum += x[r * t.columns() + c];
            }
            double fitted = p.normalizer().getMean().getDouble(c);
            assertEquals(sum / fold.train().length, fitted, 1e-6 * Math.max(1, Math.abs(sum / fold.train().length)),
                    "column " + c);
            assertTrue(Math.abs(fitted) < 1e5, "no validation value reached the mean");
        }
        // the training part is standardized: mean 0, sd 1 per column (float precision)
        double m = p.train().getFeatures().getColumn(3).meanNumber().doubleValue();
        assertEquals(0, m, 1e-4);
        assertEquals(fold.train().length, p.train().numExamples());
        assertEquals(fold.validation().length, p.validation().numExamples());
    }

    @Test
    void configurationOverridesFixedValuesOverDefaults() {
        Table t = TransactionGenerator.generate(100, 0.1, 3);
        FraudFoldEvaluator ev = new FraudFoldEvaluator(t, new FraudFoldEvaluator.Settings(3, 256, 1, 0,
                Map.of("dropout", 0.2, "l2", 1e-4)));
        FraudNetSpec spec = ev.spec(new Config(0, Map.of("l2", 1e-3, "batch-norm", false)), new double[] {1, 9});
        assertEquals(1e-3, spec.penalties().l2());
        assertEquals(0.2, spec.penalties().dropRate());
        assertEquals(BatchNorm.NONE, spec.shape().batchNorm());
        assertEquals(64, spec.shape().hidden());
        assertEquals(30, spec.shape().inputs());
    }

    /**
     * A never-trained network per task: the same task twice gives the same scores; proximal L1 gives exact zeros
     * that grow with λ.
     */
    @Test
    void everyTaskStartsFromScratchAndProximalL1Sparsifies() {
        Table t = TransactionGenerator.generate(3000, 0.05, 11);
        FraudFoldEvaluator ev = new FraudFoldEvaluator(t, QUICK);
        Fold fold = new StratifiedKFold(3).split(io.github.reglab.crossval.split.Samples.of(t.labels()), 1).get(0);
        Task weak = new Task(new Config(0, Map.of("l1", 1e-5)), fold, 0, 77);
        FoldScore first = ev.evaluate(weak);
        FoldScore again = ev.evaluate(weak);
        assertEquals(first.metrics(), again.metrics());
        assertTrue(first.metrics().get(FraudFoldEvaluator.AVERAGE_PRECISION) > 0.3, "learns: " + first.metrics());
        FoldScore strong = ev.evaluate(new Task(new Config(1, Map.of("l1", 5.0)), fold, 0, 77));
        assertTrue(strong.metrics().get(FraudFoldEvaluator.ZERO_WEIGHT_FRACTION)
                > first.metrics().get(FraudFoldEvaluator.ZERO_WEIGHT_FRACTION) + 0.1, strong + " vs " + first);
        FoldScore refit = ev.evaluate(new Task(new Config(0, Map.of("l1", 1e-5)), fold, 2, 77));
        assertEquals(2, refit.epochs());
        assertEquals(1, refit.bestEpoch());
    }

    private static List<FoldScore> allScores(SearchResult r) {
        List<FoldScore> s = new ArrayList<>();
        r.ranked().stream().sorted(java.util.Comparator.comparingInt(c -> c.config().id()))
                .forEach(c -> s.addAll(c.scores()));
        return s;
    }

    private static SearchResult search(TaskExecutor executor, FraudFoldEvaluator ev, int rows) {
        List<Config> configs = List.of(new Config(0, Map.of("l2", 1e-4, "dropout", 0.1)),
                new Config(1, Map.of("l2", 1e-3, "dropout", 0.0)), new Config(2, Map.of("l2", 0.0, "dropout", 0.3)));
        return new CrossValidation(new StratifiedKFold(3), new Objective(FraudFoldEvaluator.AVERAGE_PRECISION, true),
                0, executor).search(ev, all(rows), configs, 21);
    }

    private static void assertSameScores(List<FoldScore> a, List<FoldScore> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).configId(), b.get(i).configId());
            assertEquals(a.get(i).fold(), b.get(i).fold());
            assertEquals(a.get(i).metrics(), b.get(i).metrics(), "config " + a.get(i).configId() + " fold "
                    + a.get(i).fold());
            assertEquals(a.get(i).bestEpoch(), b.get(i).bestEpoch());
        }
    }

    /** Same seed, same scores (bit for bit) with 1 or 2 workers and on Spark local[2]. */
    @Test
    void resultsDoNotDependOnWorkerCountOrOnSpark() {
        Table t = TransactionGenerator.generate(2400, 0.05, 8);
        FraudFoldEvaluator ev = new FraudFoldEvaluator(t, QUICK);
        SearchResult one;
        SearchResult two;
        try (LocalExecutor pool = new LocalExecutor(1)) {
            one = search(pool, ev, t.rows());
        }
        try (LocalExecutor pool = new LocalExecutor(2)) {
            two = search(pool, ev, t.rows());
        }
        assertSameScores(allScores(one), allScores(two));
        try (SparkExecutor spark = SparkExecutor.start("local[2]")) {
            assertTrue(spark.describe().contains("local[2]"));
            SearchResult distributed = search(spark, ev, t.rows());
            assertSameScores(allScores(one), allScores(distributed));
        }
        assertEquals(one.ranked().stream().map(s -> s.config().id()).toList(),
                two.ranked().stream().map(s -> s.config().id()).toList());
    }
}
