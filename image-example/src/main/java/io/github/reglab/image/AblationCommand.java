package io.github.reglab.image;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.reglab.core.augment.AugmentSpec;
import io.github.reglab.core.report.Charts;
import io.github.reglab.core.run.AppLauncher;
import io.github.reglab.core.run.CommonOptions;
import io.github.reglab.core.run.OptionChecks;
import io.github.reglab.core.run.RunContext;
import io.github.reglab.core.run.RunDirectory;
import io.github.reglab.core.train.ValidationMetrics;
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

    /** The settings this command knows. */
    static final List<String> KNOWN = List.of("none", "l2", "dropout", "batchnorm", "augmentation", "all");

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    ImageDataOptions data = new ImageDataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--configs", split = ",", defaultValue = "none,l2,dropout,batchnorm,augmentation,all",
            description = "Settings to compare, from " + "none, l2, dropout, batchnorm, augmentation, all. "
                    + "Default: ${DEFAULT-VALUE}.")
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
     */
    public record Row(String config, double trainAccuracy, double validationAccuracy, double testAccuracy,
            double gap, int bestEpoch) {
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
        if (!aug.enabled() && configs.stream().anyMatch(AblationCommand::augments)) {
            throw new OptionChecks.BadOptionException("the 'augmentation' and 'all' settings need augmentation, and "
                    + "--no-augment (or zero --flip, --rotation, --zoom and --brightness) switches it off; leave "
                    + "them out of --configs or give augmentation options");
        }
        return aug;
    }

    /**
     * Checks that the settings asked for have something to switch on: the 'dropout', 'l2' and 'batchnorm' settings
     * (and 'all') use {@code --dropout}, {@code --l2} and {@code --batch-norm} as given, so a zero or a
     * {@code --no-batch-norm} there would silently train the same network as 'none'.
     *
     * @throws OptionChecks.BadOptionException naming the option that is zero and the settings that need it
     */
    void checkRegularizers() {
        if (model.dropout == 0 && configs.stream().anyMatch(c -> c.equals("dropout") || c.equals("all"))) {
            throw new OptionChecks.BadOptionException("the 'dropout' and 'all' settings need a drop rate, and "
                    + "--dropout is 0; give --dropout in (0, 1) or leave them out of --configs");
        }
        if (model.l2 == 0 && configs.stream().anyMatch(c -> c.equals("l2") || c.equals("all"))) {
            throw new OptionChecks.BadOptionException("the 'l2' and 'all' settings need an L2 coefficient, and "
                    + "--l2 is 0; give --l2 > 0 or leave them out of --configs");
        }
        if (!model.batchNorm && configs.stream().anyMatch(c -> c.equals("batchnorm") || c.equals("all"))) {
            throw new OptionChecks.BadOptionException("the 'batchnorm' and 'all' settings need batch "
                    + "normalization, and --no-batch-norm leaves it out; drop --no-batch-norm or leave them out of "
                    + "--configs");
        }
    }

    /**
     * @param full the network with every regularizer the options give
     * @param config a setting from {@link #KNOWN}
     * @return the network of that setting: the options' dropout, L2 and batch normalization, each only where the
     *     setting asks for it
     */
    static CnnSpec network(CnnSpec full, String config) {
        boolean all = config.equals("all");
        return new CnnSpec(full.channels(), full.height(), full.width(), full.classes(), full.blocks(),
                full.convs(), full.filters(), full.dense(), all || config.equals("dropout") ? full.dropRate() : 0,
                all || config.equals("l2") ? full.l2() : 0, all || config.equals("batchnorm"), full.learningRate());
    }

    /**
     * @param config a setting from {@link #KNOWN}
     * @return whether that setting trains with augmentation
     */
    static boolean augments(String config) {
        return config.equals("augmentation") || config.equals("all");
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
        long seed = common.seed();
        ImageDataOptions.Splits s = data.load(seed);
        CnnSpec full = model.spec(s.train(), common.epochs());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", data.describe());
        config.put("network", full);
        config.put("configs", configs);
        config.put("epochs", common.epochs());
        RunContext run = RunContext.start("image-ablation", "ablation", List.of(), common, config,
                Clock.systemDefaultZone());
        try {
            List<Row> rows = new ArrayList<>();
            List<Charts.Series> curves = new ArrayList<>();
            for (String c : configs) {
                CnnSpec spec = network(full, c);
                AugmentSpec a = augments(c) ? aug : AugmentSpec.none();
                LOG.info("Ablation setting '{}': {}, augmentation {}", c, spec, a.enabled());
                ImageTraining.Outcome o = ImageTraining.run(s, spec, a, common.epochs(), common.batchSize(),
                        model.patience, common.maxBatches(), seed, t -> t.progress(true));
                rows.add(new Row(c, o.train().accuracy(), o.result().bestValue(), o.test().accuracy(),
                        o.train().accuracy() - o.test().accuracy(), o.result().bestEpoch()));
                double[] x = o.result().history().epochs().stream().mapToDouble(e -> e.epoch()).toArray();
                curves.add(Charts.Series.of(c, x, o.result().history().series(ValidationMetrics.ACCURACY)));
            }
            RunDirectory dir = run.directory();
            dir.write("ablation.csv", out -> write(out, csv(rows)));
            dir.write("ablation.md", out -> write(out, markdown(rows, s)));
            Charts.lines(dir.resolve("ablation-validation.png"), "Validation accuracy per setting", "epoch",
                    "validation accuracy", curves, null, null, false);
            System.out.print(markdown(rows, s));
            run.succeeded();
            return new Result(dir.path(), rows);
        } catch (RuntimeException e) {
            run.failed(e);
            throw e;
        }
    }

    private static void write(java.io.OutputStream out, String text) throws java.io.IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(text);
        w.flush();
    }

    static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder("config,train_accuracy,validation_accuracy,test_accuracy,"
                + "generalization_gap,best_epoch\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%s,%.5f,%.5f,%.5f,%.5f,%d%n", r.config(), r.trainAccuracy(),
                    r.validationAccuracy(), r.testAccuracy(), r.gap(), r.bestEpoch()));
        }
        return b.toString();
    }

    static String markdown(List<Row> rows, ImageDataOptions.Splits s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%n%s: %d training, %d validation, %d test images%n%n"
                        + "| setting | train acc. | validation acc. | test acc. | gap (train − test) | best epoch |%n"
                        + "| --- | --- | --- | --- | --- | --- |%n",
                s.source(), s.train().size(), s.validation().size(), s.test().size()));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %+.4f | %d |%n", r.config(),
                    r.trainAccuracy(), r.validationAccuracy(), r.testAccuracy(), r.gap(), r.bestEpoch()));
        }
        return b.toString();
    }
}
