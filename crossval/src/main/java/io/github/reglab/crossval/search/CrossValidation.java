package io.github.reglab.crossval.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.reglab.crossval.split.Fold;
import io.github.reglab.crossval.split.Samples;
import io.github.reglab.crossval.split.Splitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-validated search: every configuration on every fold, ranked by the mean of the objective over folds.
 *
 * <p>Optional pruning (the median stopping rule of Golovin et al., "Google Vizier", 2017, applied at one step):
 * after the first {@code pruneAfter} folds of every configuration, a configuration whose running mean of the
 * objective is worse than the median of all configurations' running means is not trained on the remaining folds.
 * Both phases run all their tasks in parallel, and the decision uses only completed folds, so the outcome does not
 * depend on the number of workers.
 *
 * <pre>{@code
 * try (TaskExecutor pool = new LocalExecutor(2)) {
 *     SearchResult r = new CrossValidation(new StratifiedKFold(5), new Objective("average_precision", true), 0,
 *             pool).search(evaluator, rows, ParamSpace.parse(List.of("l1=1e-5,1e-4,1e-3")).grid(), 42);
 * }
 * }</pre>
 */
public final class CrossValidation {

    private static final Logger LOG = LoggerFactory.getLogger(CrossValidation.class);

    private final Splitter splitter;
    private final Objective objective;
    private final int pruneAfter;
    private final TaskExecutor executor;

    /**
     * Creates the procedure.
     *
     * @param splitter how rows become folds
     * @param objective the ranking metric
     * @param pruneAfter folds after which the median stopping rule prunes, 0 for no pruning; must be less than
     *     the number of folds
     * @param executor where tasks run
     */
    public CrossValidation(Splitter splitter, Objective objective, int pruneAfter, TaskExecutor executor) {
        this.splitter = splitter;
        this.objective = objective;
        this.executor = executor;
        if (pruneAfter < 0) {
            throw new IllegalArgumentException("pruneAfter must be >= 0, found " + pruneAfter);
        }
        this.pruneAfter = pruneAfter;
    }

    /**
     * Returns the splitter.
     *
     * @return the splitter
     */
    public Splitter splitter() {
        return splitter;
    }

    /**
     * Returns the objective.
     *
     * @return the objective
     */
    public Objective objective() {
        return objective;
    }

    /**
     * Splits {@code rows} into folds (stratified by the evaluator's labels where the splitter stratifies).
     *
     * @param evaluator supplies labels and time
     * @param rows the rows to split (indices into the evaluator's data)
     * @param seed the splitting seed
     * @return the folds, holding indices into the evaluator's data
     */
    public List<Fold> folds(FoldEvaluator evaluator, int[] rows, long seed) {
        int[] allLabels = evaluator.labels();
        double[] allTime = evaluator.time();
        int[] labels = new int[rows.length];
        double[] time = allTime == null ? null : new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = allLabels[rows[i]];
            if (time != null) {
                time[i] = allTime[rows[i]];
            }
        }
        List<Fold> local = splitter.split(new Samples(labels, time), seed);
        List<Fold> mapped = new ArrayList<>(local.size());
        for (Fold f : local) {
            mapped.add(new Fold(f.repetition(), f.index(), map(rows, f.train()), map(rows, f.validation())));
        }
        return mapped;
    }

    private static int[] map(int[] rows, int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = rows[positions[i]];
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * The seed of every task on one fold.
     *
     * @param seed the search seed
     * @param foldOrdinal the fold's position in the fold list
     * @return the seed of every task on that fold (the same for all configurations: common random numbers make
     *     the comparison fairer), never 0
     */
    static long taskSeed(long seed, int foldOrdinal) {
        long s = seed * 1_000_003L + foldOrdinal + 1;
        return s == 0 ? 1 : s;
    }

    /**
     * Runs the search.
     *
     * @param evaluator trains and scores one configuration on one fold
     * @param rows the rows to cross-validate on (a held-out test part stays outside)
     * @param configs the configurations, at least one
     * @param seed the seed of splitting and training
     * @return the ranked result
     */
    public SearchResult search(FoldEvaluator evaluator, int[] rows, List<Config> configs, long seed) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("no configurations to search");
        }
        if (!evaluator.metrics().contains(objective.metric())) {
            throw new IllegalArgumentException("unknown metric '" + objective.metric() + "'; known: "
                    + String.join(", ", evaluator.metrics()));
        }
        long t0 = System.nanoTime();
        List<Fold> folds = folds(evaluator, rows, seed);
        if (pruneAfter >= folds.size()) {
            throw new IllegalArgumentException("pruneAfter must be below the number of folds (" + folds.size()
                    + "), found " + pruneAfter);
        }
        boolean prune = pruneAfter > 0 && configs.size() > 2;
        int firstPhase = prune ? pruneAfter : folds.size();
        LOG.info("Cross-validating {} configuration(s) × {} folds ({}) on {} rows, {}", configs.size(), folds.size(),
                splitter.describe(), rows.length, executor.describe());
        Map<Integer, List<FoldScore>> byConfig = new LinkedHashMap<>();
        configs.forEach(c -> byConfig.put(c.id(), new ArrayList<>()));
        runPhase(evaluator, configs, folds, 0, firstPhase, seed, byConfig);

        List<Integer> pruned = new ArrayList<>();
        if (prune) {
            List<Config> survivors = medianStoppingRule(configs, byConfig, pruned);
            runPhase(evaluator, survivors, folds, firstPhase, folds.size(), seed, byConfig);
        }
        return new SearchResult(objective, rank(configs, byConfig, pruned), folds, splitter.describe(),
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The median stopping rule: configurations whose mean objective so far is worse than the median stop here.
     *
     * @param configs all configurations
     * @param byConfig the fold scores so far, by configuration id
     * @param pruned receives the ids of the configurations stopped
     * @return the configurations that go on
     */
    private List<Config> medianStoppingRule(List<Config> configs, Map<Integer, List<FoldScore>> byConfig,
            List<Integer> pruned) {
        double[] running = new double[configs.size()];
        for (int i = 0; i < configs.size(); i++) {
            running[i] = meanObjective(byConfig.get(configs.get(i).id()));
        }
        double median = ConfigSummary.median(running);
        List<Config> survivors = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            if (objective.better(median, running[i])) {
                pruned.add(configs.get(i).id());
            } else {
                survivors.add(configs.get(i));
            }
        }
        LOG.info(String.format(Locale.ROOT, "Median stopping rule after %d fold(s): median %s %.5f, pruned %d of "
                + "%d configuration(s)", pruneAfter, objective.metric(), median, pruned.size(), configs.size()));
        return survivors;
    }

    /** Completed configurations best first, then the pruned ones best first; ties in configuration order. */
    private List<ConfigSummary> rank(List<Config> configs, Map<Integer, List<FoldScore>> byConfig,
            List<Integer> pruned) {
        List<ConfigSummary> complete = new ArrayList<>();
        List<ConfigSummary> stopped = new ArrayList<>();
        for (Config c : configs) {
            ConfigSummary s = ConfigSummary.of(c, byConfig.get(c.id()), pruned.contains(c.id()));
            (s.pruned() ? stopped : complete).add(s);
        }
        Comparator<ConfigSummary> order = (a, b) -> {
            double va = a.mean().get(objective.metric());
            double vb = b.mean().get(objective.metric());
            if (objective.better(va, vb)) {
                return -1;
            }
            if (objective.better(vb, va)) {
                return 1;
            }
            return Integer.compare(a.config().id(), b.config().id());
        };
        complete.sort(order);
        stopped.sort(order);
        List<ConfigSummary> ranked = new ArrayList<>(complete);
        ranked.addAll(stopped);
        return List.copyOf(ranked);
    }

    private void runPhase(FoldEvaluator evaluator, List<Config> configs, List<Fold> folds, int from, int to,
            long seed, Map<Integer, List<FoldScore>> byConfig) {
        List<Task> tasks = new ArrayList<>();
        for (Config c : configs) {
            for (int f = from; f < to; f++) {
                tasks.add(new Task(c, folds.get(f), 0, taskSeed(seed, f)));
            }
        }
        List<FoldScore> scores = executor.run(tasks, evaluator);
        for (FoldScore s : scores) {
            byConfig.get(s.configId()).add(s);
        }
    }

    private double meanObjective(List<FoldScore> scores) {
        return scores.stream().mapToDouble(s -> s.metrics().get(objective.metric())).average().orElse(Double.NaN);
    }
}
