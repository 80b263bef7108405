package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.github.reglab.core.augment.BatchMixing;
import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.augment.AugmentSpec;
import io.github.reglab.core.train.EpochRecord;
import io.github.reglab.core.train.TrainingHistory;
import io.github.reglab.harness.run.OptionChecks;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The ablation's 'augmentation' and 'all' settings use the augmentation the command line describes (the same
 * options and defaults as {@code train}), and a run that switches augmentation off cannot ask for them; likewise
 * the 'dropout', 'l2' and 'batchnorm' settings use the options' values and refuse a zero or {@code --no-batch-norm}.
 */
class AblationCommandTest {

    private static AblationCommand parse(String... args) {
        AblationCommand a = new AblationCommand();
        new CommandLine(a).parseArgs(args);
        return a;
    }

    @Test
    void augmentationSettingFollowsTheOptions() {
        AugmentSpec a = parse("--flip", "0", "--rotation", "7", "--zoom", "0", "--brightness", "0.3").augmentation();
        assertEquals(0, a.flipProbability());
        assertEquals(7, a.rotationDegrees());
        assertEquals(1, a.zoomMin());
        assertEquals(0.7, a.brightnessMin(), 1e-12);
        assertEquals(new ModelOptions().augmentation(), parse().augmentation(), "defaults are train's");
    }

    @Test
    void noAugmentIsAUsageErrorOnlyWhenASettingNeedsIt() {
        var e = assertThrows(OptionChecks.BadOptionException.class, () -> parse("--no-augment").augmentation());
        assertTrue(e.getMessage().contains("--no-augment"), e.getMessage());
        assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--flip", "0", "--zoom", "0", "--brightness", "0", "--erasing", "0", "--configs", "none,all")
                        .augmentation());
        assertTrue(parse("--flip", "0", "--zoom", "0", "--brightness", "0", "--configs", "none,all").augmentation()
                .enabled(), "random erasing alone is augmentation");
        assertFalse(parse("--no-augment", "--configs", "none,l2").augmentation().enabled());
    }

    @Test
    void eachSettingSwitchesOnExactlyItsOwnRegularizerWithTheOptionsValue() {
        CnnSpec full = CnnSpec.defaults(1, 28, 28, 10).withConvs(2).withDense(256)
                .withRegularization(0.3, 2e-4, BatchNorm.FUSED);
        CnnSpec none = AblationCommand.network(full, "none");
        assertEquals(List.of(0.0, 0.0, BatchNorm.NONE), regularization(none));
        CnnSpec dropout = AblationCommand.network(full, "dropout");
        assertEquals(List.of(0.3, 0.0, BatchNorm.NONE), regularization(dropout));
        CnnSpec l2 = AblationCommand.network(full, "l2");
        assertEquals(List.of(0.0, 2e-4, BatchNorm.NONE), regularization(l2));
        CnnSpec bn = AblationCommand.network(full, "batchnorm");
        assertEquals(List.of(0.0, 0.0, BatchNorm.FUSED), regularization(bn));
        CnnSpec augmentation = AblationCommand.network(full, "augmentation");
        assertEquals(none, augmentation, "augmentation changes the data, not the network");
        assertEquals(full, AblationCommand.network(full, "all"));
    }

    @Test
    void aZeroRegularizerIsAUsageErrorOnlyWhenASettingNeedsIt() {
        var e = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--dropout", "0", "--configs", "none,dropout").checkRegularizers());
        assertTrue(e.getMessage().contains("--dropout"), e.getMessage());
        e = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--l2", "0").checkRegularizers());
        assertTrue(e.getMessage().contains("--l2"), e.getMessage());
        e = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--no-batch-norm", "--configs", "all").checkRegularizers());
        assertTrue(e.getMessage().contains("--no-batch-norm"), e.getMessage());
        parse("--dropout", "0", "--l2", "0", "--no-batch-norm", "--configs", "none,augmentation")
                .checkRegularizers();
        parse().checkRegularizers();
    }

    private static List<Object> regularization(CnnSpec spec) {
        return List.of(spec.penalties().dropRate(), spec.penalties().l2(), spec.architecture().batchNorm());
    }

    /** The 'mixing' setting takes --mixup or --cutmix; without either it is refused, and 'all' goes without it. */
    @Test
    void theMixingSettingNeedsAMixture() {
        var e = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--configs", "none,mixing").mixing());
        assertTrue(e.getMessage().contains("--mixup or --cutmix"), e.getMessage());
        assertEquals(BatchMixing.Kind.CUTMIX, parse("--cutmix", "1", "--configs", "none,mixing").mixing().kind());
        assertNull(parse("--configs", "none,all").mixing());
        assertTrue(AblationCommand.uses("all", "mixing") && !AblationCommand.uses("l2", "mixing"));
    }

    /** The 'maxnorm' setting keeps --max-norm, every other setting drops it; without --max-norm it is refused. */
    @Test
    void theMaxNormSettingNeedsABound() {
        CnnSpec full = CnnSpec.defaults(1, 28, 28, 10).with(new CnnSpec.Penalties(0.3, false, 2e-4, 2));
        assertEquals(2, AblationCommand.network(full, "maxnorm").penalties().maxNorm());
        assertEquals(0, AblationCommand.network(full, "l2").penalties().maxNorm());
        assertEquals(2, AblationCommand.network(full, "all").penalties().maxNorm());
        var e = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--configs", "none,maxnorm").checkRegularizers());
        assertTrue(e.getMessage().contains("--max-norm"), e.getMessage());
    }

    /**
     * 'smoothing' keeps --label-smoothing and 'averaging' needs a weight average: both are on by default, each is
     * refused by name when its option is switched off, and no other setting but 'all' smooths the labels.
     */
    @Test
    void theSmoothingAndAveragingSettingsNeedTheirOptions() {
        CnnSpec full = CnnSpec.defaults(1, 28, 28, 10).with(new CnnSpec.Penalties(0.3, false, 2e-4, 0, 0.1, 0.2));
        assertEquals(0.1, AblationCommand.network(full, "smoothing").penalties().labelSmoothing());
        assertEquals(0.1, AblationCommand.network(full, "all").penalties().labelSmoothing());
        assertEquals(0, AblationCommand.network(full, "dropout").penalties().labelSmoothing());
        assertEquals(0.2, AblationCommand.network(full, "dropout").penalties().spatialDropRate(), "with --dropout");
        assertEquals(0, AblationCommand.network(full, "smoothing").penalties().spatialDropRate());
        var smoothing = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--configs", "none,smoothing", "--label-smoothing", "0").checkRegularizers());
        assertTrue(smoothing.getMessage().contains("--label-smoothing"), smoothing.getMessage());
        var averaging = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--configs", "averaging", "--swa-start", "off").checkRegularizers());
        assertTrue(averaging.getMessage().contains("--swa-start"), averaging.getMessage());
        assertTrue(parse().configs.containsAll(List.of("smoothing", "averaging")), "both in the default list");
        parse("--configs", "smoothing,averaging").checkRegularizers();
        parse("--configs", "smoothing,averaging", "--label-smoothing", "0.2", "--ema", "0.99").checkRegularizers();
    }

    private static TrainingHistory history(double... seconds) {
        List<EpochRecord> epochs = new java.util.ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            epochs.add(new EpochRecord(i, 0.5, 0, Map.of("accuracy", 0.9), 1e-3, seconds[i], 100));
        }
        return new TrainingHistory(List.of("accuracy"), epochs);
    }

    @Test
    void aRowCostsTheMedianAndTheSumOfItsEpochsWallTimes() {
        // odd count: the middle of 1, 3, 5 (given unsorted); even count: the mean of the two middle ones, 2 and 4
        AblationCommand.Row odd = AblationCommand.Row.of("l2", 0.97, 0.95, 0.94, 7, history(5, 1, 3));
        assertEquals(3, odd.epochs());
        assertEquals(3.0, odd.medianEpochSeconds(), 0);
        assertEquals(9.0, odd.totalSeconds(), 1e-12);
        assertEquals(0.03, odd.gap(), 1e-12);
        AblationCommand.Row even = AblationCommand.Row.of("l2", 0.97, 0.95, 0.94, 7, history(4, 1, 9, 2));
        assertEquals(3.0, even.medianEpochSeconds(), 0);
        assertEquals(16.0, even.totalSeconds(), 1e-12);
        String csv = AblationCommand.csv(List.of(odd));
        assertTrue(csv.startsWith("config,train_accuracy,validation_accuracy,test_accuracy,generalization_gap,"
                + "best_epoch,epochs,median_epoch_seconds,total_seconds\n"), csv);
        assertTrue(csv.contains("l2,0.97000,0.95000,0.94000,0.03000,7,3,3.0,9.0"), csv);
    }
}
