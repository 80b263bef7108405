package io.github.reglab.fraud;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.metrics.ClassWeights;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.train.Checkpoints;
import io.github.reglab.core.train.Trainer;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.core.train.TrainingResult;
import io.github.reglab.core.train.ValidationMetrics;
import io.github.reglab.dashboard.TrainingDashboard;
import io.github.reglab.fraud.data.Holdout;
import io.github.reglab.fraud.data.Table;
import io.github.reglab.fraud.data.TabularDataOptions;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.CommonOptions;
import io.github.reglab.harness.run.InputFile;
import io.github.reglab.harness.run.LearningRateOptions;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.OptionDefaults;
import io.github.reglab.harness.run.Progress;
import io.github.reglab.harness.run.ResumeCheck;
import io.github.reglab.harness.run.RunContext;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fraud train}: trains the regularized fraud network and, beside it, the same network without any
 * regularization on the same split and seed, then reports both on the test part.
 */
@Command(name = "train", mixinStandardHelpOptions = true, defaultValueProvider = TrainCommand.Defaults.class,
        description = "Train a regularized fraud detector and compare it with an unregularized baseline.")
public final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    /** The network and regularization defaults: the fraud application's spec, where they live. */
    private static final FraudNetSpec APP = FraudNetSpec.application(1);

    /** This command's defaults: for the shared options, and the network's from {@link FraudNetSpec#application}. */
    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.ofEntries(Map.entry("--epochs", "20"), Map.entry("--batch-size", "1024"),
                    Map.entry("--hidden", Integer.toString(APP.shape().hidden())),
                    Map.entry("--dropout", Double.toString(APP.penalties().dropRate())),
                    Map.entry("--l2", Double.toString(APP.penalties().l2())),
                    Map.entry("--group-lasso", Double.toString(APP.penalties().groupLasso())),
                    Map.entry("--proximal", Boolean.toString(APP.penalties().step().proximal())),
                    Map.entry("--adaptive-proximal", Boolean.toString(APP.penalties().step() == Step.PROXIMAL_ADAPTIVE)),
                    Map.entry("--adaptive-weights", Double.toString(APP.penalties().adaptiveWeights().gamma())),
                    Map.entry("--pilot-l2", Double.toString(APP.penalties().adaptiveWeights().pilotL2())),
                    Map.entry("--pilot-epochs", Integer.toString(APP.penalties().adaptiveWeights().pilotEpochs())),
                    Map.entry("--batch-norm", Boolean.toString(APP.shape().batchNorm().on()))));
        }
    }

    /** How the data is split. */
    enum SplitKind {
        /** Stratified by class. */
        STRATIFIED,
        /** Ordered by the time column. */
        TIME
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    TabularDataOptions data = new TabularDataOptions();

    @Option(names = "--split", defaultValue = "STRATIFIED", paramLabel = "stratified|time",
            description = "Train/validation/test split: stratified by class, or ordered by --time-column. "
                    + "Default: stratified.")
    SplitKind split = SplitKind.STRATIFIED;

    @Option(names = "--split-fractions", defaultValue = "0.6,0.2", split = ",", paramLabel = "TRAIN,VALIDATION",
            description = "Shares of training and validation rows; the rest is the test part. Default: 0.6,0.2.")
    double[] fractions = {0.6, 0.2};

    @Option(names = "--hidden", description = "Hidden units. Default: ${DEFAULT-VALUE}.")
    int hidden = APP.shape().hidden();

    @Option(names = "--dropout",
            description = "Dropout drop rate after the hidden layer, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double dropout = APP.penalties().dropRate();

    @Option(names = "--l1", defaultValue = "0", description = "L1 strength on the weights. Default: ${DEFAULT-VALUE}.")
    double l1;

    @Option(names = "--l2",
            description = "L2 strength on the weights, DL4J scale 0.5·λ·‖w‖² (Keras l2 = λ/2). "
                    + "Default: ${DEFAULT-VALUE}.")
    double l2 = APP.penalties().l2();

    @Option(names = "--elastic-net", split = ",", paramLabel = "ALPHA,RATIO",
            description = "Elastic net with scikit-learn's parameters, e.g. 0.001,0.5.")
    double[] elasticNet;

    @Option(names = "--group-lasso", paramLabel = "LAMBDA",
            description = "Group lasso over input features (feature selection). Default: ${DEFAULT-VALUE}, chosen "
                    + "by 5-fold cross-validation (docs/results/fraud.md).")
    double groupLasso = APP.penalties().groupLasso();

    @Option(names = "--proximal", negatable = true, fallbackValue = "true",
            description = "Proximal steps for L1, elastic net and group lasso: exact zeros "
                    + "(--no-proximal for subgradients). Default: ${DEFAULT-VALUE}.")
    boolean proximal = APP.penalties().step().proximal();

    @Option(names = "--adaptive-proximal", negatable = true, fallbackValue = "true",
            description = "Take the proximal steps in Adam's metric (per-weight thresholds lr_i·λ, ProxGen; "
                    + "--no-adaptive-proximal for thresholds at the base learning rate). Default: ${DEFAULT-VALUE}.")
    boolean adaptiveProximal = APP.penalties().step() == Step.PROXIMAL_ADAPTIVE;

    @Option(names = "--adaptive-weights", paramLabel = "GAMMA",
            description = "Adaptive group lasso: first train a ridge pilot (--pilot-l2, --pilot-epochs), then weight "
                    + "each feature's group lasso by (mean norm / its pilot row norm)^GAMMA and start from the "
                    + "pilot's weights; 0 for the plain group lasso. Default: ${DEFAULT-VALUE}.")
    double adaptiveGamma = APP.penalties().adaptiveWeights().gamma();

    @Option(names = "--pilot-l2", paramLabel = "LAMBDA",
            description = "L2 strength of the adaptive group lasso's ridge pilot. Default: ${DEFAULT-VALUE}.")
    double pilotL2 = APP.penalties().adaptiveWeights().pilotL2();

    @Option(names = "--pilot-epochs", paramLabel = "N",
            description = "Epochs of the ridge pilot (its best by validation average precision is used). "
                    + "Default: ${DEFAULT-VALUE}.")
    int pilotEpochs = APP.penalties().adaptiveWeights().pilotEpochs();

    @Option(names = "--batch-norm", negatable = true, fallbackValue = "true",
            description = "Batch normalization after the hidden layer. Off by default: it makes the network "
                    + "indifferent to the scale of the first layer's weights, so the group lasso cannot select "
                    + "features (docs/results/fraud.md). Default: ${DEFAULT-VALUE}.")
    boolean batchNorm = APP.shape().batchNorm().on();

    @Option(names = "--stock-batch-norm", description = "Use DL4J's own BatchNormalization layer instead of this "
            + "project's fused one (same function, slower; for comparisons).")
    boolean stockBatchNorm;

    @Mixin
    LearningRateOptions rate = new LearningRateOptions(FraudNetSpec.APPLICATION_LEARNING_RATE, 0);

    @Option(names = "--pos-weight", paramLabel = "W",
            description = "Loss weight of the fraud class (legitimate = 1). Default: scikit-learn's 'balanced' "
                    + "weights n / (2 · count(class)).")
    Double posWeight;

    @Option(names = "--patience", defaultValue = "4",
            description = "Epochs without improvement of validation average precision before stopping. "
                    + "Default: ${DEFAULT-VALUE}.")
    int patience = 4;

    @Option(names = "--target-recall", paramLabel = "R",
            description = "Choose the decision threshold for this validation recall, in (0, 1]. Default: the "
                    + "threshold with the best validation F1.")
    Double targetRecall;

    @Option(names = "--no-baseline", description = "Skip training the unregularized baseline.")
    boolean noBaseline;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N",
            description = "Write checkpoint.zip every N epochs (0: never). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery = 1;

    @Option(names = "--ui", description = "Show DL4J's training UI at http://localhost:<--ui-port>/train while "
            + "training (DL4J's server listens on all interfaces).")
    boolean ui;

    @Option(names = "--ui-port", defaultValue = "9000", description = "Port of the training UI. "
            + "Default: ${DEFAULT-VALUE}.")
    int uiPort = TrainingDashboard.DEFAULT_PORT;

    @Option(names = "--resume", description = "Continue the regularized model from checkpoint.zip in --output "
            + "(same options as the interrupted run).")
    boolean resume;

    /**
     * What a training run produced.
     *
     * @param runDirectory the run folder
     * @param test metrics of the regularized model on the test part
     * @param baseline metrics of the unregularized baseline on the test part, or null when skipped
     * @param zeroedFeatures input features whose weights are all exactly zero
     * @param epochs epochs the regularized model trained
     * @param skippedRows rows left out under --bad-rows skip
     */
    public record Result(java.nio.file.Path runDirectory, FraudReport.TestScores test, FraudReport.TestScores baseline,
            List<String> zeroedFeatures, int epochs, int skippedRows) {
    }

    /**
     * The options of {@code fraud train} as the manifest records them.
     *
     * @param data the data options
     * @param split how the data is split
     * @param splitFractions train and validation fractions
     * @param epochs maximum epochs
     * @param batchSize minibatch size
     * @param maxBatches minibatches per epoch, 0 for all
     * @param network the network, regularization and learning rate
     * @param patience early-stopping patience
     * @param targetRecall the recall the threshold aims at, or null for max F1
     * @param baseline whether an unregularized baseline is trained
     * @param checkpointEvery epochs between checkpoints
     * @param resume whether the run continued from a checkpoint
     */
    record Configuration(TabularDataOptions.Description data, SplitKind split, double[] splitFractions, int epochs,
            int batchSize, int maxBatches, FraudNetSpec network, int patience, Double targetRecall, boolean baseline,
            int checkpointEvery, boolean resume) {
    }

    Configuration configuration(FraudNetSpec spec) {
        return new Configuration(data.describe(), split, fractions, common.epochs(), common.batchSize(),
                common.maxBatches(), spec, patience, targetRecall, !noBaseline, checkpointEvery, resume);
    }

    @Override
    public Integer call() {
        run();
        return AppLauncher.OK;
    }

    /**
     * Loads and checks the data, then trains, evaluates and writes the run folder.
     *
     * @return the outcome
     */
    public Result run() {
        checkOptions();
        // the network options, checked before any data is read (with one input and unit class weights)
        OptionChecks.asBadOption(() -> networkSpec(1, new double[] {1, 1}));
        // Everything that can fail on bad input happens before the run folder exists.
        long seed = common.seed();
        Table table = data.load(seed);
        Holdout h = split == SplitKind.TIME
                ? Holdout.timeOrdered(table.labels(), table.time(), fractions[0], fractions[1])
                : Holdout.stratified(table.labels(), fractions[0], fractions[1], seed);
        double[] weights = posWeight != null
                ? new double[] {1, OptionChecks.inRange("--pos-weight", posWeight, 0, 1e9, false, true)}
                : ClassWeights.balanced(table.labelsOf(h.train()), 2);
        FraudNetSpec spec = networkSpec(table.columns(), weights);
        Table.Standardized parts = table.toStandardizedDataSets(h.train(), h.validation(), h.test());
        if (ui) {
            OptionChecks.asBadOption(() -> {
                TrainingDashboard.checkFree(uiPort);
                return uiPort;
            });
        }
        // the data file is hashed once: for the manifest, the run key and the resume check
        InputFile input = data.data() == null ? null : InputFile.of(data.data());
        ResumeCheck same = ResumeCheck.of(configuration(spec), seed, input == null ? null : input.sha256());
        if (resume) {
            same.checkAgainst(common.output());
        }
        // a checkpoint that cannot be read fails here, before the finished run's manifest is rewritten; it is read
        // once, and continued below
        Checkpoints.Loaded checkpoint = resume ? Checkpoints.read(common.output().resolve(Checkpoints.FILE_NAME))
                : null;
        RunContext run = RunContext.start("fraud", "train", AppLauncher.originalArgs(commandSpec), common.output(),
                common.force() || resume, seed, configuration(spec), Clock.systemDefaultZone());
        return run.execute(ctx -> {
            if (input != null) {
                run.addInput(input);
            }
            LOG.info("Data: {} rows, {} features, {} fraud ({} %); split {}: train {}, validation {}, test {}",
                    table.rows(), table.columns(), table.positives(),
                    String.format(Locale.ROOT, "%.3f", 100.0 * table.positives() / table.rows()), split,
                    h.train().length, h.validation().length, h.test().length);
            return trainAndReport(run, table, h, spec, parts, same.runKey(), checkpoint);
        });
    }

    /** The option checks that need no data; each error names its option. */
    private void checkOptions() {
        OptionChecks.inRange("--patience", patience, 0, 10_000);
        OptionChecks.inRange("--checkpoint-every", checkpointEvery, 0, 10_000);
        OptionChecks.inRange("--ui-port", uiPort, 1, 65535);
        if (fractions.length != 2) {
            throw new OptionChecks.BadOptionException("--split-fractions takes two values TRAIN,VALIDATION, found "
                    + fractions.length);
        }
        if (!(fractions[0] > 0 && fractions[0] < 1) || !(fractions[1] > 0 && fractions[1] < 1)
                || !(fractions[0] + fractions[1] < 1)) {
            throw new OptionChecks.BadOptionException(String.format(Locale.ROOT, "--split-fractions must each be in "
                    + "(0, 1) with TRAIN + VALIDATION < 1 (the rest is the test part), found %s,%s", fractions[0],
                    fractions[1]));
        }
        if (targetRecall != null) {
            OptionChecks.inRange("--target-recall", targetRecall, 0, 1, false, true);
        }
        if (elasticNet != null && elasticNet.length != 2) {
            throw new OptionChecks.BadOptionException("--elastic-net takes ALPHA,RATIO, found " + elasticNet.length
                    + " value(s)");
        }
        if (resume && (common.output() == null
                || !java.nio.file.Files.isRegularFile(common.output().resolve(Checkpoints.FILE_NAME)))) {
            throw new OptionChecks.BadOptionException("--resume needs --output naming the folder of the interrupted "
                    + "run, with its " + Checkpoints.FILE_NAME);
        }
    }

    /** Trains (through {@link FraudTraining}), evaluates, and writes the model and the report into the run folder. */
    private Result trainAndReport(RunContext run, Table table, Holdout h, FraudNetSpec spec,
            Table.Standardized parts, String runKey, Checkpoints.Loaded checkpoint) {
        DataSet validation = parts.part(1);
        DataSet test = parts.part(2);
        TrainerSpec trainerSpec = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AVERAGE_PRECISION,
                common.epochs()).withPatience(patience))
                .withMetrics(List.of(ValidationMetrics.AUC_ROC, ValidationMetrics.ACCURACY))
                .withSeed(common.seed()).withMaxBatchesPerEpoch(common.maxBatches())
                .withCheckpointEvery(checkpointEvery).withEngine(common.engine());
        FraudTraining.Minibatches batches = new FraudTraining.Minibatches(parts.part(0), validation,
                common.batchSize(), common.seed());
        try (TrainingDashboard dashboard = ui ? TrainingDashboard.start(uiPort) : null) {
            UnaryOperator<Trainer> watched = t -> dashboard == null ? t : t.listeners(dashboard.newListener());
            FraudTraining training = new FraudTraining(spec, trainerSpec, common.seed())
                    .everyTrainer(t -> t.progress(Progress.training()));
            UnaryOperator<Trainer> main = t -> watched.apply(t.runKey(runKey)
                    .checkpointTo(run.directory().resolve(Checkpoints.FILE_NAME)));
            FraudTraining.Outcome outcome = checkpoint != null ? training.resume(checkpoint, batches, main)
                    : training.fit(batches, main);
            if (outcome.pilot() != null) {
                run.timing("pilot_seconds", outcome.pilotSeconds());
            }
            run.timing("train_seconds", outcome.trainSeconds());
            TrainingResult result = outcome.result();
            FraudReport.Evaluation main0 = FraudReport.evaluate(result.network(), validation, test, targetRecall);
            TrainingResult baseResult = null;
            FraudReport.Evaluation base = null;
            if (!noBaseline) {
                long t1 = System.nanoTime();
                baseResult = training.fitBaseline(batches, watched);
                run.timing("baseline_seconds", (System.nanoTime() - t1) / 1e9);
                base = FraudReport.evaluate(baseResult.network(), validation, test, targetRecall);
            }
            new FraudModel(result.network(), parts.normalizer(), main0.threshold().threshold(),
                    FraudReport.thresholdRule(targetRecall), table.featureNames(), table.labelName(),
                    data.log1p(table.featureNames())).write(run.directory().resolve(FraudModel.FILE_NAME));
            FraudReport report = new FraudReport(table, h, spec, result, main0, baseResult, base,
                    data.data() == null, outcome.pilot());
            report.writeFiles(run.directory());
            System.out.println(report.summary());
            return new Result(run.directory().path(), main0.scores(), base == null ? null : base.scores(),
                    report.zeroed(), result.history().epochs().size(), table.skippedTotal());
        }
    }

    private FraudNetSpec networkSpec(int inputs, double[] classWeights) {
        FraudNetSpec spec = FraudNetSpec.defaults(inputs).withHidden(hidden).withDropRate(dropout).withL1(l1)
                .withL2(l2).withGroupLasso(groupLasso).withStep(Step.of(proximal, adaptiveProximal))
                .withLearningRate(rate.spec(common.epochs())).withClassWeights(classWeights)
                .withBatchNorm(BatchNorm.of(batchNorm, stockBatchNorm)).withAdaptiveWeights(adaptiveGamma == 0 ? null
                        : new FraudNetSpec.AdaptiveWeights(adaptiveGamma, pilotL2, pilotEpochs));
        return elasticNet == null ? spec : spec.withElasticNet(elasticNet[0], elasticNet[1]);
    }

}
