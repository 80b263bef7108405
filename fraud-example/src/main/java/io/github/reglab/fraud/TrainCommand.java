package io.github.reglab.fraud;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.earlystopping.StopReason;
import io.github.reglab.core.metrics.BinaryMetrics;
import io.github.reglab.core.metrics.ClassWeights;
import io.github.reglab.core.metrics.ModelComplexity;
import io.github.reglab.core.metrics.ThresholdMetrics;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.train.Checkpoints;
import io.github.reglab.core.train.ShuffledMinibatches;
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
import io.github.reglab.harness.run.Json;
import io.github.reglab.harness.run.LearningRateOptions;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.OptionDefaults;
import io.github.reglab.harness.run.Progress;
import io.github.reglab.harness.run.RunContext;
import io.github.reglab.harness.run.RunManifest;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
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

    /** This command's defaults for the shared options. */
    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.of("--epochs", "20", "--batch-size", "1024"));
        }
    }

    /** Adam's default learning rate here: the rate the adaptive group lasso's defaults were chosen at. */
    static final double DEFAULT_LEARNING_RATE = 3e-3;

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

    @Option(names = "--hidden", defaultValue = "64", description = "Hidden units. Default: ${DEFAULT-VALUE}.")
    int hidden = 64;

    @Option(names = "--dropout", defaultValue = "0.1",
            description = "Dropout drop rate after the hidden layer, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double dropout = 0.1;

    @Option(names = "--l1", defaultValue = "0", description = "L1 strength on the weights. Default: ${DEFAULT-VALUE}.")
    double l1;

    @Option(names = "--l2", defaultValue = "1e-4",
            description = "L2 strength on the weights, DL4J scale 0.5·λ·‖w‖² (Keras l2 = λ/2). "
                    + "Default: ${DEFAULT-VALUE}.")
    double l2 = 1e-4;

    @Option(names = "--elastic-net", split = ",", paramLabel = "ALPHA,RATIO",
            description = "Elastic net with scikit-learn's parameters, e.g. 0.001,0.5.")
    double[] elasticNet;

    @Option(names = "--group-lasso", defaultValue = "0.01", paramLabel = "LAMBDA",
            description = "Group lasso over input features (feature selection). Default: ${DEFAULT-VALUE}, chosen "
                    + "by 5-fold cross-validation (docs/results/fraud.md).")
    double groupLasso = 0.01;

    @Option(names = "--proximal", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Proximal steps for L1, elastic net and group lasso: exact zeros "
                    + "(--no-proximal for subgradients). Default: ${DEFAULT-VALUE}.")
    boolean proximal = true;

    @Option(names = "--adaptive-proximal", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Take the proximal steps in Adam's metric (per-weight thresholds lr_i·λ, ProxGen; "
                    + "--no-adaptive-proximal for thresholds at the base learning rate). Default: ${DEFAULT-VALUE}.")
    boolean adaptiveProximal = true;

    @Option(names = "--adaptive-weights", defaultValue = "4", paramLabel = "GAMMA",
            description = "Adaptive group lasso: first train a ridge pilot (--pilot-l2, --pilot-epochs), then weight "
                    + "each feature's group lasso by (mean norm / its pilot row norm)^GAMMA and start from the "
                    + "pilot's weights; 0 for the plain group lasso. Default: ${DEFAULT-VALUE}.")
    double adaptiveGamma = 4;

    @Option(names = "--pilot-l2", defaultValue = "1e-2", paramLabel = "LAMBDA",
            description = "L2 strength of the adaptive group lasso's ridge pilot. Default: ${DEFAULT-VALUE}.")
    double pilotL2 = 1e-2;

    @Option(names = "--pilot-epochs", defaultValue = "15", paramLabel = "N",
            description = "Epochs of the ridge pilot (its best by validation average precision is used). "
                    + "Default: ${DEFAULT-VALUE}.")
    int pilotEpochs = 15;

    @Option(names = "--batch-norm", defaultValue = "false", negatable = true, fallbackValue = "true",
            description = "Batch normalization after the hidden layer. Off by default: it makes the network "
                    + "indifferent to the scale of the first layer's weights, so the group lasso cannot select "
                    + "features (docs/results/fraud.md). Default: ${DEFAULT-VALUE}.")
    boolean batchNorm;

    @Option(names = "--stock-batch-norm", description = "Use DL4J's own BatchNormalization layer instead of this "
            + "project's fused one (same function, slower; for comparisons).")
    boolean stockBatchNorm;

    @Mixin
    LearningRateOptions rate = new LearningRateOptions(DEFAULT_LEARNING_RATE, 0);

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
    public record Result(java.nio.file.Path runDirectory, Map<String, Double> test, Map<String, Double> baseline,
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
        long seed = common.seed();
        int epochs = common.epochs();
        int batch = common.batchSize();
        OptionChecks.inRange("--patience", patience, 0, 10_000);
        OptionChecks.inRange("--checkpoint-every", checkpointEvery, 0, 10_000);
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
        // the network options, checked before any data is read (with one input and unit class weights)
        OptionChecks.asBadOption(() -> networkSpec(1, new double[] {1, 1}));
        // Everything that can fail on bad input happens before the run folder exists.
        Table table = data.load(seed);
        Holdout h = split == SplitKind.TIME
                ? Holdout.timeOrdered(table.labels(), table.time(), fractions[0], fractions[1])
                : Holdout.stratified(table.labels(), fractions[0], fractions[1], seed);
        double[] weights = posWeight != null
                ? new double[] {1, OptionChecks.inRange("--pos-weight", posWeight, 0, 1e9, false, true)}
                : ClassWeights.balanced(table.labelsOf(h.train()), 2);
        FraudNetSpec spec = networkSpec(table.columns(), weights);
        Table.Standardized parts = table.toStandardizedDataSets(h.train(), h.validation(), h.test());
        DataSet train = parts.part(0);
        DataSet validation = parts.part(1);
        DataSet test = parts.part(2);
        NormalizerStandardize normalizer = parts.normalizer();

        List<String> args = AppLauncher.originalArgs(commandSpec);
        OptionChecks.inRange("--ui-port", uiPort, 1, 65535);
        if (ui) {
            OptionChecks.asBadOption(() -> {
                TrainingDashboard.checkFree(uiPort);
                return uiPort;
            });
        }
        // the data file is hashed once: for the manifest, the run key and the resume check
        InputFile input = data.data() == null ? null : InputFile.of(data.data());
        ObjectNode settings = resumeSettings(Json.mapper().valueToTree(configuration(spec)), seed,
                input == null ? null : input.sha256());
        if (resume) {
            checkResumesTheSameRun(settings);
        }
        // a checkpoint that cannot be read fails here, before the finished run's manifest is rewritten; it is read
        // once, and continued below
        Checkpoints.Loaded checkpoint = resume ? Checkpoints.read(common.output().resolve(Checkpoints.FILE_NAME))
                : null;
        RunContext run = RunContext.start("fraud", "train", args, common.output(), common.force() || resume, seed,
                configuration(spec), Clock.systemDefaultZone());
        return run.execute(ctx -> {
            try (TrainingDashboard dashboard = ui ? TrainingDashboard.start(uiPort) : null) {
                if (input != null) {
                    run.addInput(input);
                }
                LOG.info("Data: {} rows, {} features, {} fraud ({} %); split {}: train {}, validation {}, test {}",
                        table.rows(), table.columns(), table.positives(),
                        String.format(Locale.ROOT, "%.3f", 100.0 * table.positives() / table.rows()), split,
                        h.train().length, h.validation().length, h.test().length);
                TrainerSpec trainerSpec = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AVERAGE_PRECISION,
                        epochs).withPatience(patience))
                        .withMetrics(List.of(ValidationMetrics.AUC_ROC, ValidationMetrics.ACCURACY))
                        .withSeed(seed)
                        .withMaxBatchesPerEpoch(common.maxBatches())
                        .withCheckpointEvery(checkpointEvery)
                        .withEngine(common.engine());

                long t0 = System.nanoTime();
                AdaptivePilot pilot = null;
                if (spec.adaptive() && !resume) {
                    pilot = AdaptivePilot.fit(spec, seed, new Trainer(AdaptivePilot.trainerSpec(trainerSpec,
                            spec.adaptiveWeights())).progress(Progress.training()), batches(train, batch, seed),
                            batches(validation, batch, null));
                    run.timing("pilot_seconds", (System.nanoTime() - t0) / 1e9);
                    LOG.info("Adaptive group lasso pilot (ridge, L2 {}): {}", spec.adaptiveWeights().pilotL2(),
                            pilot.result().message());
                    failIfDiverged("the adaptive group lasso's pilot", pilot.result());
                }
                long tMain = System.nanoTime();
                MultiLayerNetwork net;
                if (pilot != null) {
                    net = pilot.regularizedNetwork(spec, seed);
                } else {
                    net = new MultiLayerNetwork(spec.toDl4j(seed));
                    net.init();
                }
                Trainer trainer = new Trainer(trainerSpec).progress(Progress.training()).runKey(runKey(settings))
                        .checkpointTo(run.directory().resolve(Checkpoints.FILE_NAME));
                if (dashboard != null) {
                    trainer.listeners(dashboard.newListener());
                }
                TrainingResult result = resume
                        ? trainer.resume(checkpoint, batches(train, batch, seed), batches(validation, batch, null))
                        : trainer.fit(net, batches(train, batch, seed), batches(validation, batch, null));
                run.timing("train_seconds", (System.nanoTime() - tMain) / 1e9);
                LOG.info("Regularized model: {}", result.message());
                failIfDiverged("the regularized model", result);

                FraudReport.Evaluation main = FraudReport.evaluate(result.network(), validation, test, targetRecall);
                FraudReport.Evaluation base = null;
                TrainingResult baseResult = null;
                if (!noBaseline) {
                    long t1 = System.nanoTime();
                    MultiLayerNetwork baseNet = new MultiLayerNetwork(spec.unregularized().toDl4j(seed));
                    baseNet.init();
                    if (dashboard != null) {
                        dashboard.attach(baseNet);
                    }
                    baseResult = new Trainer(trainerSpec.withCheckpointEvery(TrainerSpec.NO_CHECKPOINTS))
                            .progress(Progress.training())
                            .fit(baseNet, batches(train, batch, seed), batches(validation, batch, null));
                    run.timing("baseline_seconds", (System.nanoTime() - t1) / 1e9);
                    LOG.info("Baseline: {}", baseResult.message());
                    failIfDiverged("the unregularized baseline", baseResult);
                    base = FraudReport.evaluate(baseResult.network(), validation, test, targetRecall);
                }

                FraudModel model = new FraudModel(result.network(), normalizer, main.threshold().threshold(),
                        targetRecall == null ? "max F1 on validation" : "validation recall >= " + targetRecall,
                        table.featureNames(), table.labelName(), data.log1p(table.featureNames()));
                model.write(run.directory().resolve(FraudModel.FILE_NAME));
                ModelComplexity complexity = ModelComplexity.of(result.network(), 1e-6);
                List<String> zeroed = new ArrayList<>();
                for (int i : complexity.layers().get(0).zeroInputs()) {
                    zeroed.add(table.featureNames().get(i));
                }
                FraudReport report = new FraudReport(table, h, spec, result, main, baseResult, base, complexity,
                        zeroed, data.data() == null, pilot);
                report.writeFiles(run.directory());
                System.out.println(report.summary());
                return new Result(run.directory().path(), main.metrics(), base == null ? null : base.metrics(), zeroed,
                        result.history().epochs().size(), table.skippedTotal());
            }
        });
    }

    /**
     * What must stay the same for a checkpoint to be continued: the recorded options but --epochs and --resume, the
     * seed, and the data file's SHA-256 (absent for the built-in generator, whose options are recorded).
     */
    private static ObjectNode resumeSettings(JsonNode configuration, long seed, String dataSha256) {
        ObjectNode c = configuration.isObject() ? ((ObjectNode) configuration).deepCopy()
                : Json.mapper().createObjectNode();
        c.remove(List.of("epochs", "resume"));
        c.put("seed", seed);
        if (dataSha256 != null) {
            c.put("dataSha256", dataSha256);
        }
        return c;
    }

    /**
     * Refuses a resume whose options or data differ from the interrupted run's (its manifest): the checkpoint
     * holds that run's network, so anything else would continue one network while recording another. Only
     * {@code --epochs} may change (to train longer). A usage error, before the run folder is touched.
     */
    private void checkResumesTheSameRun(ObjectNode now) {
        Path manifestFile = common.output().resolve(RunManifest.FILE_NAME);
        JsonNode before;
        try {
            before = Json.mapper().readTree(manifestFile.toFile());
        } catch (java.io.IOException e) {
            throw new OptionChecks.BadOptionException("--resume: cannot read " + manifestFile + " of the run to "
                    + "continue: " + e.getMessage());
        }
        JsonNode sha = before.path("inputs").path(0).path("sha256");
        ObjectNode was = resumeSettings(before.path("configuration"), before.path("seed").asLong(),
                sha.isTextual() ? sha.asText() : null);
        List<String> differences = new ArrayList<>();
        differ("", was, now, differences);
        if (!differences.isEmpty()) {
            throw new OptionChecks.BadOptionException("--resume: " + common.output() + " holds a run made with other "
                    + "settings: " + String.join("; ", differences) + ". Resume with the same options and data (only "
                    + "--epochs may change), or start a new run.");
        }
    }

    /**
     * The key a checkpoint of this run carries, SHA-256 of its {@link #resumeSettings}, so that the trainer itself
     * refuses to continue a checkpoint under other settings.
     */
    private static String runKey(ObjectNode settings) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Json.mapper().writeValueAsBytes(settings)));
        } catch (java.security.NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalStateException("cannot compute the run key: " + e.getMessage(), e);
        }
    }

    private static void differ(String path, JsonNode was, JsonNode is, List<String> out) {
        if (is.isObject() && was.isObject()) {
            for (var it = is.fields(); it.hasNext(); ) {
                var e = it.next();
                differ(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), was.path(e.getKey()), e.getValue(), out);
            }
        } else if (!is.equals(was) && !(is.isNumber() && was.isNumber() && is.asDouble() == was.asDouble())) {
            out.add(path + " " + (was.isMissingNode() ? "(absent)" : was.toString()) + " -> " + is);
        }
    }

    /** A diverged run is a failed run (exit 1, the reason in the manifest); no model of it is written. */
    private static void failIfDiverged(String which, TrainingResult r) {
        if (r.stopReason() == StopReason.DIVERGED) {
            throw new IllegalStateException("training of " + which + " diverged, so no model was written: "
                    + r.message());
        }
    }

    private FraudNetSpec networkSpec(int inputs, double[] classWeights) {
        FraudNetSpec spec = FraudNetSpec.defaults(inputs).withHidden(hidden).withDropRate(dropout).withL1(l1)
                .withL2(l2).withGroupLasso(groupLasso).withStep(Step.of(proximal, adaptiveProximal))
                .withLearningRate(rate.spec(common.epochs())).withClassWeights(classWeights).withBatchNorm(batchNorm)
                .withStockBatchNorm(stockBatchNorm).withAdaptiveWeights(adaptiveGamma == 0 ? null
                        : new FraudNetSpec.AdaptiveWeights(adaptiveGamma, pilotL2, pilotEpochs));
        return elasticNet == null ? spec : spec.withElasticNet(elasticNet[0], elasticNet[1]);
    }

    private static ShuffledMinibatches batches(DataSet ds, int batch, Long seed) {
        return new ShuffledMinibatches(ds, batch, seed);
    }

    /** Picks the threshold on validation scores. */
    static ThresholdMetrics chooseThreshold(BinaryMetrics validation, Double targetRecall) {
        return targetRecall == null ? validation.maxF1() : validation.forRecall(targetRecall);
    }
}
