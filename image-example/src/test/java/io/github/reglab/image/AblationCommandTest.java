package io.github.reglab.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reglab.core.augment.AugmentSpec;
import io.github.reglab.core.run.OptionChecks;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The ablation's 'augmentation' and 'all' settings use the augmentation the command line describes (the same
 * options and defaults as {@code train}), and a run that switches augmentation off cannot ask for them.
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
                () -> parse("--flip", "0", "--zoom", "0", "--brightness", "0", "--configs", "none,all").augmentation());
        assertFalse(parse("--no-augment", "--configs", "none,l2").augmentation().enabled());
    }
}
