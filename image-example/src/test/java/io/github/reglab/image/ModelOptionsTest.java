package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.github.reglab.core.augment.BatchMixing;
import io.github.reglab.core.train.WeightAveraging;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.core.train.LearningRateSpec;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The image command's network options: the default learning rate anneals by cosine over the run's epochs, and bad
 * values are usage errors (exit code 2) that name the option rather than run failures.
 */
class ModelOptionsTest {

    @Command(name = "t")
    static final class Holder {
        @Mixin
        ModelOptions model = new ModelOptions();
    }

    private static final ImageSet DATA = new ImageSet(Nd4j.zeros(2, 784), new int[] {0, 1}, 1, 28, 28,
            List.of("a", "b"));

    private static ModelOptions parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.model;
    }

    @Test
    void defaultScheduleIsCosineOverTheRunsEpochs() {
        assertEquals(LearningRateSpec.cosine(1e-3, 7), parse().spec(DATA, 7).learningRate());
        assertEquals(LearningRateSpec.inverseTime(1e-3, 0.15),
                parse("--lr-schedule", "inverse-time", "--lr-decay", "0.15").spec(DATA, 7).learningRate());
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        OptionChecks.BadOptionException e = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--lr-decay", "0.1").spec(DATA, 15));
        assertTrue(e.getMessage().contains("--lr-schedule inverse-time"), e.getMessage());
        e = assertThrows(OptionChecks.BadOptionException.class, () -> parse("--convs", "0").spec(DATA, 15));
        assertTrue(e.getMessage().contains("--convs"), e.getMessage());
        e = assertThrows(OptionChecks.BadOptionException.class, () -> parse("--flip", "1.5").augmentation());
        assertTrue(e.getMessage().contains("--flip"), e.getMessage());
        e = assertThrows(OptionChecks.BadOptionException.class, () -> parse("--rotation", "200").augmentation());
        assertTrue(e.getMessage().contains("--rotation"), e.getMessage());
        e = assertThrows(OptionChecks.BadOptionException.class, () -> parse("--zoom", "1").augmentation());
        assertTrue(e.getMessage().contains("--zoom"), e.getMessage());
    }

    /** The network takes the data's layout, so a channel-last set never meets a channel-first network. */
    @Test
    void theNetworkFollowsTheDataLayout() {
        assertEquals(CNN2DFormat.NCHW, parse().spec(DATA, 7).input().layout());
        assertEquals(CNN2DFormat.NHWC, parse().spec(DATA.inLayout(CNN2DFormat.NHWC), 7).input().layout());
    }

    @Test
    void shiftIsATranslationThatMustFitTheImage() {
        assertEquals(0, parse().augmentation().shiftPixels(), "off unless asked for");
        assertEquals(3, parse("--shift", "3").augmentation().shiftPixels());
        assertEquals(0.5, parse("--shift", "3").augmentation().shiftProbability());
        OptionChecks.BadOptionException e = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--shift", "28").spec(DATA, 15));
        assertTrue(e.getMessage().contains("--shift") && e.getMessage().contains("at most 27"), e.getMessage());
        e = assertThrows(OptionChecks.BadOptionException.class, () -> parse("--shift", "-1").augmentation());
        assertTrue(e.getMessage().contains("--shift"), e.getMessage());
    }

    /** --mixup and --cutmix give the mixing the training minibatches get; both at once is a usage error. */
    @Test
    void mixingOptionsGiveOneMixture() {
        assertNull(parse().mixing(), "off unless asked for");
        assertEquals(new BatchMixing.Spec(BatchMixing.Kind.MIXUP, 0.2, 1), parse("--mixup", "0.2").mixing());
        assertEquals(new BatchMixing.Spec(BatchMixing.Kind.CUTMIX, 1, 0.5),
                parse("--cutmix", "1", "--mix-probability", "0.5").mixing());
        OptionChecks.BadOptionException both = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--mixup", "0.2", "--cutmix", "1").mixing());
        assertTrue(both.getMessage().contains("choose one"), both.getMessage());
        OptionChecks.BadOptionException p = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--mixup", "0.2", "--mix-probability", "2").mixing());
        assertTrue(p.getMessage().contains("--mix-probability"), p.getMessage());
    }

    /** --max-norm and --gaussian-dropout reach the network's penalties; a negative bound names the option. */
    @Test
    void maxNormAndGaussianDropoutReachTheNetwork() {
        CnnSpec.Penalties p = parse("--max-norm", "3", "--gaussian-dropout", "--dropout", "0.3").spec(DATA, 7)
                .penalties();
        assertEquals(new CnnSpec.Penalties(0.3, true, 1e-4, 3, 0.1, 0), p);
        assertEquals(0, parse().spec(DATA, 7).penalties().maxNorm(), "off unless asked for");
        OptionChecks.BadOptionException e = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--max-norm", "-1").spec(DATA, 7));
        assertTrue(e.getMessage().contains("--max-norm"), e.getMessage());
    }

    /** --label-smoothing (0.1 by default) and --spatial-dropout (0) reach the network's penalties; 1 names the option. */
    @Test
    void labelSmoothingReachesTheNetwork() {
        assertEquals(0.1, parse("--label-smoothing", "0.1").spec(DATA, 7).penalties().labelSmoothing());
        assertEquals(0.2, parse("--spatial-dropout", "0.2").spec(DATA, 7).penalties().spatialDropRate());
        assertTrue(assertThrows(OptionChecks.BadOptionException.class, () -> parse("--spatial-dropout", "1")
                .spec(DATA, 7)).getMessage().contains("--spatial-dropout"));
        assertEquals(0.1, parse().spec(DATA, 7).penalties().labelSmoothing(), "on by default");
        assertEquals(0, parse("--label-smoothing", "0").spec(DATA, 7).penalties().labelSmoothing());
        OptionChecks.BadOptionException e = assertThrows(OptionChecks.BadOptionException.class,
                () -> parse("--label-smoothing", "1").spec(DATA, 7));
        assertTrue(e.getMessage().contains("--label-smoothing"), e.getMessage());
    }

    /**
     * --swa-start gives SWA from that epoch, by default (auto) over the last third of the epochs, off switches it off
     * and --ema replaces it; an epoch with --ema, at or after the last epoch, negative or not a number is refused,
     * naming the option.
     */
    @Test
    void swaStartIsAnEpochBeforeTheLast() {
        assertEquals(WeightAveraging.swa(10), parse("--swa-start", "10").averaging(15));
        assertEquals(WeightAveraging.swa(20), parse().averaging(30), "auto: epochs 20-29 of 30");
        assertEquals(WeightAveraging.swa(10), parse("--swa-start", "auto").averaging(15));
        assertEquals(WeightAveraging.swa(0), parse().averaging(1), "a one-epoch run averages its only epoch");
        assertNull(parse("--swa-start", "off").averaging(15));
        assertEquals(WeightAveraging.ema(0.99), parse("--ema", "0.99").averaging(15), "--ema replaces auto");
        assertEquals(WeightAveraging.ema(0.99), parse("--ema", "0.99", "--swa-start", "off").averaging(15));
        for (String[] bad : new String[][] {{"--swa-start", "15"}, {"--swa-start", "-1"}, {"--swa-start", "ten"},
                {"--swa-start", "99999999999"}, {"--swa-start", "3", "--ema", "0.99"}}) {
            OptionChecks.BadOptionException e = assertThrows(OptionChecks.BadOptionException.class,
                    () -> parse(bad).averaging(15));
            assertTrue(e.getMessage().contains("--swa-start"), e.getMessage());
        }
    }
}
