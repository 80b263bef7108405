package io.github.reglab.image;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.augment.AugmentSpec;
import io.github.reglab.core.augment.BatchMixing;
import io.github.reglab.core.train.EpochRecord;
import io.github.reglab.core.train.TrainingHistory;
import io.github.reglab.core.train.ValidationMetrics;
import io.github.reglab.harness.report.Charts;
import io.github.reglab.harness.report.Statistics;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.CommonOptions;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.RunContext;
import io.github.reglab.harness.run.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code image ablation}: the same CNN, split and seed trained with each regularization technique alone, with none
 * and with all, so that the tutorial's lesson becomes a measurement.
 */
@Command(name = "ablation", mixinStandardHelpOptions = true,
        defaultValueProvider = ImageTrainCommand.Defaults.class,
        description = "Train the CNN once per regularization setting and tabulate train/validation/test accuracy and "
                + "the generalization gap.")
public final class AblationCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AblationCommand.class);

    /**
     * The settings this command knows. 'mixing' (Mixup or CutMix, from {@code --mixup} or {@code --cutmix}) and
     * 'maxnorm' ({@code --max-norm}) are not in the default list; 'all' includes them only when those options are
     * given. 'smoothing' ({@code --label-smoothing}) and 'averaging' ({@code --swa-start}, or {@code --ema}) are on
     * by default, as in {@code train}.
     */
    static final List<String> KNOWN = List.of("none", "l2", "dropout", "batchnorm", "augmentation", "mixing",
            "maxnorm", "smoothing", "averaging", "all");

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    ImageDataOptions data = new ImageDataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--configs", split = ",",
            defaultValue = "none,l2,dropout,batchnorm,augmentation,smoothing,averaging,all",
            description = "Settings to compare, from none, l2, dropout, batchnorm, augmentation, mixing (needs "
                    + "--mixup or --cutmix), maxnorm (needs --max-norm), smoothing (needs --label-smoothing), "
                    + "averaging (needs --swa-start or --ema), all. Default: ${DEFAULT-VALUE}.")
    List<String> configs = KNOWN;

    /**
     * One row of the table.
     *
     * @param config the setting
     * @param trainAccuracy accuracy on the training part
     * @param validationAccuracy best validation accuracy
     * @param testAccuracy accuracy on the test part
     * @param gap train − test accuracy
     * @param bestEpoch the epoch of the best validation accuracy
     * @param epochs epochs trained
     * @param medianEpochSeconds median wall time of an epoch (training and validation), what the setting costs
     * @param totalSeconds wall time of all its epochs
     */
    public record Row(String config, double trainAccuracy, double validationAccuracy, double testAccuracy,
            double gap, int bestEpoch, int epochs, double medianEpochSeconds, double totalSeconds) {

        /**
         * @param config the setting
         * @param trainAccuracy accuracy on the training part
         * @param validationAccuracy best validation accuracy
         * @param testAccuracy accuracy on the test part
         * @param bestEpoch the epoch of the best validation accuracy
         * @param history the run's epochs, whose wall times give the time columns
         * @return the row
         */
        static Row of(String config, double trainAccuracy, double validationAccuracy, double testAccuracy,
                int bestEpoch, TrainingHistory history) {
            double[] s = history.epochs().stream().mapToDouble(EpochRecord::seconds).toArray();
            return new Row(config, trainAccuracy, validationAccuracy, testAccuracy, trainAccuracy - testAccuracy,
                    bestEpoch, s.length, Statistics.median(s), Arrays.stream(s).sum());
        }
    }

    /**
     * The outcome.
     *
     * @param runDirectory the run folder
     * @param rows one row per setting, in the order asked
     */
    public record Result(Path runDirectory, List<Row> rows) {
    }

    /**
     * @return the augmentation of the {@code augmentation} and {@code all} settings: the one the augmentation
     *     options describe, as {@code train} would use it
     * @throws OptionChecks.BadOptionException when {@code --no-augment} leaves those settings without augmentation
     */
    AugmentSpec augmentation() {
        AugmentSpec aug = model.augmentation();
        requireOn("augmentation", aug.enabled(), "augmentation", "--no-augment (or zero --flip, --rotation, --zoom, "
                + "--brightness, --shift and --erasing) switches it off", "give augmentation options");
        return aug;
    }

    /**
     * Returns the mixing of the {@code mixing} setting (and of {@code all}, when given).
     *
     * @return Mixup or CutMix from {@code --mixup} or {@code --cutmix}, or null when neither is given
     * @throws OptionChecks.BadOptionException when the {@code mixing} setting is asked for without either
     */
    BatchMixing.Spec mixing() {
        BatchMixing.Spec m = model.mixing();
        if (m == null && configs.contains("mixing")) {
            throw new OptionChecks.BadOptionException("the 'mixing' setting needs --mixup or --cutmix; give one or "
                    + "leave it out of --configs");
        }
        return m;
    }

    /**
     * Checks that the settings asked for have something to switch on: the 'dropout', 'l2' and 'batchnorm' settings
     * (and 'all') use {@code --dropout}, {@code --l2} and {@code --batch-norm} as given, so a zero or a
     * {@code --no-batch-norm} there would silently train the same network as 'none'.
     *
     * @throws OptionChecks.BadOptionException naming the option that is off and the settings that need it
     */
    void checkRegularizers() {
        requireOn("dropout", model.dropout != 0 || model.spatialDropout != 0, "a drop rate",
                "--dropout and --spatial-dropout are 0", "give --dropout in (0, 1)");
        requireOn("l2", model.l2 != 0, "an L2 coefficient", "--l2 is 0", "give --l2 > 0");
        requireOn("batchnorm", model.batchNorm, "batch normalization", "--no-batch-norm leaves it out",
                "drop --no-batch-norm");
        requireOptIn("maxnorm", model.maxNorm > 0, "--max-norm > 0");
        requireOptIn("smoothing", model.labelSmoothing > 0, "--label-smoothing > 0");
        // also checks the averaging options' ranges, before any data is read
        requireOptIn("averaging", model.averaging(common.epochs()) != null, "--swa-start (not off) or --ema");
    }

    /**
     * @throws OptionChecks.BadOptionException when {@code setting}, a technique outside the default list, is asked
     *     for by name and its option is off ({@code on} false)
     */
    private void requireOptIn(String setting, boolean on, String option) {
        if (!on && configs.contains(setting)) {
            throw new OptionChecks.BadOptionException("the '" + setting + "' setting needs " + option + "; give it "
                    + "or leave the setting out of --configs");
        }
    }

    /**
     * @throws OptionChecks.BadOptionException when {@code technique} is off ({@code on} false) and a setting of
     *     {@code --configs} uses it
     */
    private void requireOn(String technique, boolean on, String need, String off, String fix) {
        if (!on && configs.stream().anyMatch(c -> uses(c, technique))) {
            throw new OptionChecks.BadOptionException("the '" + technique + "' and 'all' settings need " + need
                    + ", and " + off + "; " + fix + " or leave them out of --configs");
        }
    }

    /**
     * @param config a setting from {@link #KNOWN}
     * @param technique one of the techniques in {@link #KNOWN} (not 'none' or 'all')
     * @return whether that setting trains with that technique: its own setting and 'all' do
     */
    static boolean uses(String config, String technique) {
        return config.equals("all") || config.equals(technique);
    }

    /**
     * @param full the network with every regularizer the options give
     * @param config a setting from {@link #KNOWN}
     * @return the network of that setting: the options' dropout (and spatial dropout), L2, batch normalization,
     *     max-norm and label smoothing, each only where the setting asks for it
     */
    static CnnSpec network(CnnSpec full, String config) {
        CnnSpec.Penalties p = full.penalties();
        return full.withBatchNorm(uses(config, "batchnorm") ? full.architecture().batchNorm() : BatchNorm.NONE)
                .with(new CnnSpec.Penalties(uses(config, "dropout") ? p.dropRate() : 0, p.gaussianDropout(),
                        uses(config, "l2") ? p.l2() : 0, uses(config, "maxnorm") ? p.maxNorm() : 0,
                        uses(config, "smoothing") ? p.labelSmoothing() : 0,
                        uses(config, "dropout") ? p.spatialDropRate() : 0));
    }

    /**
     * The options of {@code image ablation} as the manifest records them.
     *
     * @param data the data options
     * @param skippedFiles unreadable image files left out under {@code --bad-files skip}
     * @param network the fully regularized network the settings take techniques from
     * @param augmentation the augmentation of the settings that use it
     * @param mixing the minibatch mixing of the settings that use it, or null for none
     * @param configs the settings compared
     * @param epochs maximum epochs
     * @param batchSize minibatch size
     * @param maxBatches minibatches per epoch, 0 for all
     * @param patience early-stopping patience
     */
    record Configuration(ImageDataOptions.Description data, List<String> skippedFiles, CnnSpec network,
            AugmentSpec augmentation, BatchMixing.Spec mixing, List<String> configs, int epochs, int batchSize,
            int maxBatches, int patience) {
    }

    @Override
    public Integer call() {
        run();
        return AppLauncher.OK;
    }

    /**
     * @return the table
     */
    public Result run() {
        for (String c : configs) {
            if (!KNOWN.contains(c)) {
                throw new OptionChecks.BadOptionException("--configs: unknown setting '" + c + "'; known: " + KNOWN);
            }
        }
        if (configs.isEmpty()) {
            throw new OptionChecks.BadOptionException("--configs must name at least one setting");
        }
        AugmentSpec aug = augmentation();
        checkRegularizers();
        BatchMixing.Spec mixing = mixing();
        long seed = common.seed();
        ImageDataOptions.Splits s = data.load(seed);
        CnnSpec full = model.spec(s.train(), common.epochs());
        ImageTraining.checkStepFits(full, s, common.batchSize());
        Configuration config = new Configuration(data.describe(), s.skippedFiles(), full, aug, mixing, configs,
                common.epochs(), common.batchSize(), common.maxBatches(), model.patience);
        RunContext run = RunContext.start("image-ablation", "ablation", List.of(), common, config,
                Clock.systemDefaultZone());
        return run.execute(ctx -> {
            List<Row> rows = new ArrayList<>();
            List<Charts.Series> curves = new ArrayList<>();
            for (String c : configs) {
                CnnSpec spec = network(full, c);
                AugmentSpec a = uses(c, "augmentation") ? aug : AugmentSpec.none();
                LOG.info("Ablation setting '{}': {}, augmentation {}, mixing {}", c, spec, a.enabled(),
                        uses(c, "mixing") ? mixing : null);
                ImageTraining.Schedule schedule = ImageTraining.Schedule.of(common, model);
                ImageTraining.Outcome o = ImageTraining.run(s, spec, a, uses(c, "mixing") ? mixing : null,
                        uses(c, "averaging") ? schedule : schedule.withAveraging(null));
                Row row = Row.of(c, o.train().accuracy(), o.result().bestValue(), o.test().accuracy(),
                        o.result().bestEpoch(), o.result().history());
                rows.add(row);
                LOG.info("Ablation setting '{}' done: test {}, train {}, gap {}, best validation {} (epoch {}), "
                        + "{} epochs, median {} s per epoch", c, fmt(row.testAccuracy()), fmt(row.trainAccuracy()),
                        fmt(row.gap()), fmt(row.validationAccuracy()), row.bestEpoch(), row.epochs(),
                        String.format(Locale.ROOT, "%.1f", row.medianEpochSeconds()));
                // the table so far, so that a long ablation stopped part way keeps the settings it measured
                writeTables(run.directory(), rows, s);
                double[] x = o.result().history().epochs().stream().mapToDouble(e -> e.epoch()).toArray();
                curves.add(Charts.Series.of(c, x, o.result().history().series(ValidationMetrics.ACCURACY)));
            }
            RunDirectory dir = run.directory();
            Charts.lines(dir.resolve("ablation-validation.png"), "Validation accuracy per setting", "epoch",
                    "validation accuracy", curves, null, null, false);
            System.out.print(markdown(rows, s));
            return new Result(dir.path(), rows);
        });
    }

    private static void writeTables(RunDirectory dir, List<Row> rows, ImageDataOptions.Splits s) {
        dir.write("ablation.csv", out -> write(out, csv(rows)));
        dir.write("ablation.md", out -> write(out, markdown(rows, s)));
    }

    private static String fmt(double accuracy) {
        return String.format(Locale.ROOT, "%.4f", accuracy);
    }

    private static void write(java.io.OutputStream out, String text) throws java.io.IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(text);
        w.flush();
    }

    static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder("config,train_accuracy,validation_accuracy,test_accuracy,"
                + "generalization_gap,best_epoch,epochs,median_epoch_seconds,total_seconds\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%s,%.5f,%.5f,%.5f,%.5f,%d,%d,%.1f,%.1f%n", r.config(),
                    r.trainAccuracy(), r.validationAccuracy(), r.testAccuracy(), r.gap(), r.bestEpoch(), r.epochs(),
                    r.medianEpochSeconds(), r.totalSeconds()));
        }
        return b.toString();
    }

    static String markdown(List<Row> rows, ImageDataOptions.Splits s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%n%s: %d training, %d validation, %d test images%n%n"
                        + "| setting | train acc. | validation acc. | test acc. | gap (train − test) | best epoch "
                        + "| epochs | s/epoch (median) | total s |%n"
                        + "| --- | --- | --- | --- | --- | --- | --- | --- | --- |%n",
                s.source(), s.train().size(), s.validation().size(), s.test().size()));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %+.4f | %d | %d | %.1f | %.0f |%n",
                    r.config(), r.trainAccuracy(), r.validationAccuracy(), r.testAccuracy(), r.gap(), r.bestEpoch(),
                    r.epochs(), r.medianEpochSeconds(), r.totalSeconds()));
        }
        return b.toString();
    }
}
