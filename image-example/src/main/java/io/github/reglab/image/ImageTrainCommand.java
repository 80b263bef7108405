package io.github.reglab.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.reglab.core.augment.AugmentSpec;
import io.github.reglab.core.augment.BatchMixing;
import io.github.reglab.core.io.ModelArchive;
import io.github.reglab.core.train.WeightAveraging;
import io.github.reglab.harness.report.TrainingCharts;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.CommonOptions;
import io.github.reglab.harness.run.Json;
import io.github.reglab.harness.run.OptionDefaults;
import io.github.reglab.harness.run.RunContext;
import io.github.reglab.harness.run.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code image train}: trains the CNN with the chosen regularization and reports it on the test part.
 */
@Command(name = "train", mixinStandardHelpOptions = true, defaultValueProvider = ImageTrainCommand.Defaults.class,
        description = "Train the CNN and report test accuracy, per-class metrics and a confusion matrix.")
public final class ImageTrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ImageTrainCommand.class);

    /** This command's defaults for the shared options. */
    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.of("--epochs", "30", "--batch-size", "128"));
        }
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    ImageDataOptions data = new ImageDataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    /**
     * What a run produced.
     *
     * @param runDirectory the run folder
     * @param testAccuracy accuracy on the test part
     * @param trainAccuracy accuracy on the training part
     * @param epochs epochs trained
     */
    public record Result(Path runDirectory, double testAccuracy, double trainAccuracy, int epochs) {
    }

    @Override
    public Integer call() {
        run();
        return AppLauncher.OK;
    }

    /**
     * The options of {@code image train} as the manifest records them.
     *
     * @param data the data options
     * @param source the data actually read
     * @param skippedFiles unreadable image files left out under {@code --bad-files skip}
     * @param network the network and its regularization
     * @param augmentation the augmentation
     * @param mixing the minibatch mixing (Mixup, CutMix), or null for none
     * @param averaging the moving average of the weights, or null for none
     * @param epochs maximum epochs
     * @param batchSize minibatch size
     * @param maxBatches minibatches per epoch, 0 for all
     * @param patience early-stopping patience
     */
    record Configuration(ImageDataOptions.Description data, String source, List<String> skippedFiles,
            CnnSpec network, AugmentSpec augmentation, BatchMixing.Spec mixing, WeightAveraging averaging, int epochs,
            int batchSize, int maxBatches, int patience) {
    }

    /**
     * @return the outcome
     */
    public Result run() {
        long seed = common.seed();
        int epochs = common.epochs();
        int batch = common.batchSize();
        ImageDataOptions.Splits s = data.load(seed);
        CnnSpec spec = model.spec(s.train(), epochs);
        ImageTraining.checkStepFits(spec, s, batch);
        var augment = model.augmentation();
        BatchMixing.Spec mixing = model.mixing();
        Configuration config = new Configuration(data.describe(), s.source(), s.skippedFiles(), spec, augment, mixing,
                model.averaging(epochs), epochs, batch, common.maxBatches(), model.patience);
        List<String> args = AppLauncher.originalArgs(commandSpec);
        RunContext run = RunContext.start("image", "train", args, common, config, Clock.systemDefaultZone());
        return run.execute(ctx -> {
            LOG.info("Data: {}; train {}, validation {}, test {} images of {}x{}x{} ({}), {} classes", s.source(),
                    s.train().size(), s.validation().size(), s.test().size(), s.train().channels(),
                    s.train().height(), s.train().width(), s.train().layout(), s.train().classes());
            long t0 = System.nanoTime();
            ImageTraining.Outcome o = ImageTraining.run(s, spec, augment, mixing,
                    ImageTraining.Schedule.of(common, model));
            run.timing("train_seconds", (System.nanoTime() - t0) / 1e9);
            RunDirectory dir = run.directory();
            try {
                ModelArchive.write(dir.resolve("model.zip"), o.result().network(), ModelArchive.Include.WEIGHTS,
                        Map.of("classes.json", Json.mapper().writeValueAsBytes(s.train().classNames())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir.writeMetrics("metrics.json", ImageReport.metrics(o, s.test().classNames(),
                    s.skippedFiles().size()));
            o.result().history().writeCsv(dir.resolve("history.csv"));
            TrainingCharts.write(o.result().history(), dir.path(), "curves", o.result().bestEpoch());
            ImageReport.confusion(dir.resolve("confusion.png"), o.test(), s.test().classNames());
            ImageReport.misclassified(dir.resolve("misclassified.png"), s.test(), o.testPredicted());
            System.out.printf(Locale.ROOT, "%nTest accuracy %.4f (train %.4f, gap %.4f) after %d epochs; best "
                    + "validation accuracy %.4f at epoch %d%n", o.test().accuracy(), o.train().accuracy(),
                    o.train().accuracy() - o.test().accuracy(), o.result().history().epochs().size(),
                    o.result().bestValue(), o.result().bestEpoch());
            for (int c = 0; c < s.test().classes(); c++) {
                System.out.printf(Locale.ROOT, "  %-12s precision %.3f  recall %.3f%n", s.test().classNames().get(c),
                        o.test().precision()[c], o.test().recall()[c]);
            }
            return new Result(dir.path(), o.test().accuracy(), o.train().accuracy(),
                    o.result().history().epochs().size());
        });
    }
}
