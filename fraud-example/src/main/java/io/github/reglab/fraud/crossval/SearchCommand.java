package io.github.reglab.fraud.crossval;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import io.github.reglab.crossval.search.Config;
import io.github.reglab.crossval.search.ConfigSummary;
import io.github.reglab.crossval.search.CrossValidation;
import io.github.reglab.crossval.search.FoldScore;
import io.github.reglab.crossval.search.LocalExecutor;
import io.github.reglab.crossval.search.NestedCrossValidation;
import io.github.reglab.crossval.search.Objective;
import io.github.reglab.crossval.search.ParamSpace;
import io.github.reglab.crossval.search.SearchResult;
import io.github.reglab.crossval.search.SparkClasspath;
import io.github.reglab.crossval.search.SparkExecutor;
import io.github.reglab.crossval.search.Task;
import io.github.reglab.crossval.search.TaskExecutor;
import io.github.reglab.crossval.split.Fold;
import io.github.reglab.crossval.split.KFold;
import io.github.reglab.crossval.split.RepeatedStratifiedKFold;
import io.github.reglab.crossval.split.Splitter;
import io.github.reglab.crossval.split.StratifiedKFold;
import io.github.reglab.crossval.split.TimeOrderedSplit;
import io.github.reglab.fraud.crossval.FraudFoldEvaluator;
import io.github.reglab.fraud.data.Holdout;
import io.github.reglab.fraud.data.Table;
import io.github.reglab.fraud.data.TabularDataOptions;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.CommonOptions;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.OptionDefaults;
import io.github.reglab.harness.run.Progress;
import io.github.reglab.harness.run.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crossval}: holds out a test part, cross-validates every configuration of a parameter space on the rest,
 * refits the best on all of it and scores it once on the test part; optionally nested cross-validation for an
 * honest estimate of the whole procedure.
 */
@Command(name = "crossval", mixinStandardHelpOptions = true, defaultValueProvider = SearchCommand.Defaults.class,
        description = {"Cross-validated search over regularization settings of the fraud network.",
            "Parameters: l1, l2, elastic-alpha, elastic-ratio, group-lasso, proximal, dropout, batch-norm, hidden, "
                + "learning-rate."})
public final class SearchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SearchCommand.class);

    /** This command's defaults for shared options. */
    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.of("--epochs", "10", "--batch-size", "1024", "--rows", "50000", "--fraud-rate", "0.01"));
        }
    }

    /** The crossval library's parameter names and the options that set them, for its error messages. */
    private static final Map<String, String> LIBRARY_PARAMETERS = Map.of("folds", "--folds", "repeats", "--repeats",
            "trials", "--trials", "pruneAfter", "--prune-after", "workers", "--workers", "time", "--time-column");

    /** The splitters. */
    enum SplitterKind {
        /** Stratified k-fold (repeated with --repeats). */
        STRATIFIED,
        /** Plain k-fold. */
        KFOLD,
        /** Forward chaining over --time-column. */
        TIME
    }

    /** Where tasks run. */
    enum ExecutorKind {
        /** A worker pool in this JVM. */
        LOCAL,
        /** Apache Spark. */
        SPARK
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    TabularDataOptions data = new TabularDataOptions();

    @Option(names = "--grid", paramLabel = "NAME=V1,V2", description = "A parameter and its values for grid search "
            + "(repeat for more parameters). Default: group-lasso=0.005,0.01,0.02,0.04 when neither --grid nor "
            + "--random is given.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--random", paramLabel = "NAME=DOMAIN", description = "A parameter for random search: "
            + "V1,V2 (choice), uniform:LOW:HIGH or log:LOW:HIGH (repeatable; needs --trials).")
    List<String> random = new ArrayList<>();

    @Option(names = "--trials", defaultValue = "0", description = "Configurations drawn in random search. "
            + "Default: ${DEFAULT-VALUE} (10 when --random is given).")
    int trials;

    @Option(names = "--fixed", paramLabel = "NAME=VALUE", description = "A parameter held at one value in every "
            + "configuration (repeatable), e.g. dropout=0.1.")
    List<String> fixed = new ArrayList<>();

    @Option(names = "--splitter", defaultValue = "STRATIFIED", paramLabel = "stratified|kfold|time",
            description = "How the rows are split into folds. Default: stratified.")
    SplitterKind splitter = SplitterKind.STRATIFIED;

    @Option(names = "--folds", defaultValue = "5", description = "Folds (k). Default: ${DEFAULT-VALUE}.")
    int folds = 5;

    @Option(names = "--repeats", defaultValue = "1", description = "Repetitions of stratified k-fold with fresh "
            + "shuffles. Default: ${DEFAULT-VALUE}.")
    int repeats = 1;

    @Option(names = "--no-shuffle", description = "kfold: contiguous folds in file order.")
    boolean noShuffle;

    @Option(names = "--metric", defaultValue = FraudFoldEvaluator.AVERAGE_PRECISION,
            description = "Metric that ranks configurations (larger is better): average_precision, auc_roc. "
                    + "Default: ${DEFAULT-VALUE}.")
    String metric = FraudFoldEvaluator.AVERAGE_PRECISION;

    @Option(names = "--prune-after", defaultValue = "0", paramLabel = "N", description = "Median stopping rule: "
            + "after N folds, stop configurations whose mean is below the median (0: off). Default: "
            + "${DEFAULT-VALUE}.")
    int pruneAfter;

    @Option(names = "--nested", defaultValue = "0", paramLabel = "K", description = "Also run nested "
            + "cross-validation with K outer folds for an honest estimate (0: off). Default: ${DEFAULT-VALUE}.")
    int nested;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "Share of rows held out as the test "
            + "part, in (0, 0.9]. Default: ${DEFAULT-VALUE}.")
    double testFraction = 0.2;

    @Option(names = "--patience", defaultValue = "3", description = "Early-stopping patience per fold, in epochs. "
            + "Default: ${DEFAULT-VALUE}.")
    int patience = 3;

    @Option(names = "--executor", defaultValue = "LOCAL", paramLabel = "local|spark",
            description = "Where tasks run: a local worker pool, or Apache Spark (spark-submit). Default: local.")
    ExecutorKind executor = ExecutorKind.LOCAL;

    @Option(names = "--workers", paramLabel = "N", description = "Local worker threads. Default: one per core, "
            + "fewer if the heap is small.")
    Integer workers;

    @Option(names = "--spark-master", paramLabel = "URL", description = "Spark master, e.g. local[2]. Default: "
            + "spark-submit's --master, else local[*].")
    String sparkMaster;

    @Option(names = "--path-param", paramLabel = "NAME", description = "Parameter on the x axis of the "
            + "regularization-path chart. Default: the first numeric parameter that varies.")
    String pathParam;

    /**
     * What a search produced.
     *
     * @param runDirectory the run folder
     * @param search the cross-validated search
     * @param test the best configuration refitted and scored on the test part
     * @param nested the nested estimate, or null
     */
    public record Result(Path runDirectory, SearchResult search, FoldScore test, NestedCrossValidation.Result nested) {
    }

    @Override
    public Integer call() {
        run();
        return AppLauncher.OK;
    }

    Splitter splitter(int k) {
        return switch (splitter) {
            case STRATIFIED -> repeats == 1 ? new StratifiedKFold(k) : new RepeatedStratifiedKFold(k, repeats);
            case KFOLD -> new KFold(k, !noShuffle);
            case TIME -> new TimeOrderedSplit(k);
        };
    }

    /** Parses the space and builds the configurations; checks everything against the evaluator's parameters. */
    List<Config> configurations(long seed) {
        if (!grid.isEmpty() && !random.isEmpty()) {
            throw new OptionChecks.BadOptionException("give either --grid or --random, not both");
        }
        if (trials > 0 && random.isEmpty()) {
            throw new OptionChecks.BadOptionException("--trials needs --random parameters");
        }
        Map<String, io.github.reglab.crossval.search.ParamRange> accepted = FraudFoldEvaluator.parameterRanges();
        if (!random.isEmpty()) {
            return OptionChecks.asBadOption(() -> ParamSpace.parse(random).check(accepted)
                    .random(trials == 0 ? 10 : trials, seed));
        }
        List<String> entries = grid.isEmpty() ? List.of("group-lasso=0.005,0.01,0.02,0.04") : grid;
        return OptionChecks.asBadOption(() -> ParamSpace.parse(entries).check(accepted).grid());
    }

    Map<String, Object> fixedValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        OptionChecks.asBadOption(() -> ParamSpace.parse(fixed)).domains().forEach((name, d) -> {
            if (!(d instanceof io.github.reglab.crossval.search.Domain.Values v) || v.values().size() != 1) {
                throw new OptionChecks.BadOptionException("--fixed " + name + " takes exactly one value");
            }
            m.put(name, v.values().get(0));
        });
        return m;
    }

    /**
     * Checks the options, loads the data, searches and writes the run folder.
     *
     * @return the outcome
     */
    public Result run() {
        long seed = common.seed();
        checkOptions();
        int nWorkers = workers != null ? OptionChecks.inRange("--workers", workers, 1, 1024)
                : LocalExecutor.defaultWorkers(Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().maxMemory());
        List<Config> configs = configurations(seed);
        FraudFoldEvaluator.Settings settings = OptionChecks.asBadOption(() -> settings(fixedValues()));
        Splitter split = OptionChecks.asBadOption(LIBRARY_PARAMETERS, () -> splitter(folds));
        Table table = data.load(seed);
        FraudFoldEvaluator evaluator = new FraudFoldEvaluator(table, settings);
        int[][] parts = holdout(table, seed);
        int[] rows = parts[0];
        int[] test = parts[1];
        Objective objective = new Objective(metric, true);
        String path = pathParameter(configs);
        // the folds are computed once here so that a class too small for k fails before any training
        int foldCount = OptionChecks.asBadOption(LIBRARY_PARAMETERS, () -> {
            int k = new CrossValidation(split, objective, 0, null).folds(evaluator, rows, seed).size();
            if (nested > 0) {
                new CrossValidation(new StratifiedKFold(nested), objective, 0, null).folds(evaluator, rows, seed);
            }
            return k;
        });
        // every configuration on every fold, the refit, and per outer fold of a nested run the same again; the
        // median rule may stop some configurations early, so this is the most the search trains
        long searchTasks = (long) configs.size() * foldCount + 1;
        long maxTasks = searchTasks + (long) nested * searchTasks;

        RunContext run = RunContext.start("crossval", "search", AppLauncher.originalArgs(commandSpec),
                common.output(), common.force(), seed, configuration(configs, nWorkers), Clock.systemDefaultZone());
        return run.execute(ctx -> {
            try (TaskExecutor tasks = new ProgressExecutor(executor == ExecutorKind.SPARK
                    ? SparkExecutor.start(sparkMaster) : new LocalExecutor(nWorkers),
                    Progress.start("cross-validation tasks (at most " + maxTasks + ")", maxTasks),
                    executor == ExecutorKind.LOCAL)) {
                if (data.data() != null) {
                    run.addInput(data.data());
                }
                if (executor == ExecutorKind.LOCAL) {
                    oversubscription(nWorkers, run.backend().ompThreads(), run.backend().availableProcessors())
                            .ifPresent(LOG::warn);
                }
                LOG.info("Data: {} rows, {} features, {} positives; cross-validation rows {}, test rows {}; {}",
                        table.rows(), table.columns(), table.positives(), rows.length, test.length, tasks.describe());
                CrossValidation cv = new CrossValidation(split, objective, pruneAfter, tasks);
                SearchResult result = cv.search(evaluator, rows, configs, seed);
                run.timing("search_seconds", result.seconds());
                ConfigSummary best = result.best();
                LOG.info("Best: {} ({} {} ± {})", best.config().label(), metric,
                        fmt(best.mean().get(metric)), fmt(best.std().get(metric)));
                return refitAndReport(run, tasks, cv, evaluator, result, rows, test, configs, path, seed);
            }
        });
    }

    /** Every check that needs no data, before anything is read or trained; each error names its option. */
    private void checkOptions() {
        OptionChecks.inRange("--folds", folds, 2, 1000);
        OptionChecks.inRange("--repeats", repeats, 1, 100);
        OptionChecks.inRange("--trials", trials, 0, ParamSpace.MAX_CONFIGURATIONS);
        OptionChecks.inRange("--prune-after", pruneAfter, 0, folds * repeats - 1);
        OptionChecks.inRange("--nested", nested, 0, 1000);
        if (nested == 1) {
            throw new OptionChecks.BadOptionException("--nested needs at least 2 outer folds, found 1");
        }
        OptionChecks.inRange("--patience", patience, 0, 10_000);
        OptionChecks.inRange("--test-fraction", testFraction, 0, 0.9, false, true);
        if (!List.of(FraudFoldEvaluator.AVERAGE_PRECISION, FraudFoldEvaluator.AUC_ROC).contains(metric)) {
            throw new OptionChecks.BadOptionException("--metric must be average_precision or auc_roc, found '"
                    + metric + "'");
        }
        if (executor == ExecutorKind.SPARK) {
            SparkClasspath.missing().ifPresent(why -> {
                throw new OptionChecks.BadOptionException(why);
            });
        }
    }

    /**
     * Refits the best configuration on all cross-validation rows and scores it on the test rows, runs the nested
     * estimate when asked, and writes the report.
     */
    private Result refitAndReport(RunContext run, TaskExecutor tasks, CrossValidation cv,
            FraudFoldEvaluator evaluator, SearchResult result, int[] rows, int[] test, List<Config> configs, String path, long seed) {
        ConfigSummary best = result.best();
        long t1 = System.nanoTime();
        Fold refit = new Fold(0, 0, rows, test);
        FoldScore testScore = tasks.run(List.of(new Task(best.config(), refit, best.medianBestEpoch(),
                seed)), evaluator).get(0);
        run.timing("refit_seconds", (System.nanoTime() - t1) / 1e9);

        NestedCrossValidation.Result nestedResult = null;
        if (nested > 0) {
            long t2 = System.nanoTime();
            nestedResult = NestedCrossValidation.run(new StratifiedKFold(nested), cv, tasks, evaluator, rows,
                    configs, seed);
            run.timing("nested_seconds", (System.nanoTime() - t2) / 1e9);
        }
        SearchReport report = new SearchReport(result, testScore, nestedResult, path, evaluator.metrics());
        report.write(run.directory());
        System.out.println(report.summary());
        return new Result(run.directory().path(), result, testScore, nestedResult);
    }

    private FraudFoldEvaluator.Settings settings(Map<String, Object> fixedValues) {
        return new FraudFoldEvaluator.Settings(common.epochs(), common.batchSize(), patience, common.maxBatches(),
                fixedValues);
    }

    /** Rows for cross-validation and the held-out test rows (stratified, or the latest rows for --splitter time). */
    private int[][] holdout(Table table, long seed) {
        double half = (1 - testFraction) / 2;
        Holdout h = OptionChecks.asBadOption(() -> splitter == SplitterKind.TIME
                ? Holdout.timeOrdered(table.labels(), table.time(), half, half)
                : Holdout.stratified(table.labels(), half, half, seed));
        int[] rows = IntStream.concat(Arrays.stream(h.train()), Arrays.stream(h.validation())).sorted().toArray();
        return new int[][] {rows, h.test()};
    }

    /** The chart's x parameter: --path-param, else the first numeric parameter that varies. */
    private String pathParameter(List<Config> configs) {
        List<String> numeric = new ArrayList<>();
        for (String name : configs.get(0).values().keySet()) {
            boolean isNumber = configs.stream().allMatch(c -> c.values().get(name) instanceof Double);
            long distinct = configs.stream().map(c -> c.values().get(name)).distinct().count();
            if (isNumber && distinct > 1) {
                numeric.add(name);
            }
        }
        if (pathParam != null) {
            if (!configs.get(0).values().containsKey(pathParam)
                    || !(configs.get(0).values().get(pathParam) instanceof Double)) {
                throw new OptionChecks.BadOptionException("--path-param must name a numeric searched parameter, "
                        + "found '" + pathParam + "'" + (numeric.isEmpty() ? "" : "; searched: "
                        + String.join(", ", numeric)));
            }
            return pathParam;
        }
        return numeric.isEmpty() ? null : numeric.get(0);
    }

    /**
     * What is wrong when local workers ask for more threads than the machine has, if anything: more workers than
     * cores (they share the cores and only add memory: fewer workers is the fix), or workers times ND4J's threads
     * over the cores (one ND4J thread per worker is the fix).
     *
     * @param workers local workers
     * @param threads ND4J (OpenMP) threads each worker's operations use
     * @param cores available processors
     * @return the warning, or empty when the threads fit
     */
    static Optional<String> oversubscription(int workers, int threads, int cores) {
        if (workers > cores) {
            return Optional.of(String.format(Locale.ROOT, "--workers %d is more than the %d cores: the "
                    + "workers share them, so the search is no faster than with --workers %d and each extra worker "
                    + "only holds memory", workers, cores, cores));
        }
        if ((long) workers * threads > cores) {
            return Optional.of(String.format(Locale.ROOT, "%d workers × %d ND4J threads each exceed the %d "
                    + "cores; set OMP_NUM_THREADS=1 (./suite crossval does; results also depend on the thread count)",
                    workers, threads, cores));
        }
        return Optional.empty();
    }

    /**
     * The options of {@code crossval search} as the manifest records them.
     *
     * @param data the data options
     * @param grid grid entries
     * @param random random-search entries
     * @param trials random-search trials
     * @param fixed fixed parameters
     * @param configurations number of configurations searched
     * @param splitter the splitter
     * @param folds folds per repetition
     * @param repeats repetitions
     * @param shuffle whether plain k-fold shuffles
     * @param metric the objective
     * @param pruneAfter folds before pruning
     * @param nested outer folds of nested cross-validation, 0 for none
     * @param testFraction held-out test fraction
     * @param epochs maximum epochs
     * @param batchSize minibatch size
     * @param maxBatches minibatches per epoch, 0 for all
     * @param patience early-stopping patience
     * @param executor local or Spark
     * @param workers local workers (null with Spark)
     * @param sparkMaster the Spark master, if any
     */
    record Configuration(TabularDataOptions.Description data, List<String> grid, List<String> random, int trials,
            List<String> fixed, int configurations, SplitterKind splitter, int folds, int repeats, boolean shuffle,
            String metric, int pruneAfter, int nested, double testFraction, int epochs, int batchSize, int maxBatches,
            int patience, ExecutorKind executor, Integer workers, String sparkMaster) {
    }

    private Configuration configuration(List<Config> configs, int nWorkers) {
        return new Configuration(data.describe(), grid, random, trials, fixed, configs.size(), splitter, folds,
                repeats, !noShuffle, metric, pruneAfter, nested, testFraction, common.epochs(), common.batchSize(),
                common.maxBatches(), patience, executor, executor == ExecutorKind.LOCAL ? nWorkers : null,
                sparkMaster);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
