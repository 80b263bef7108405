package io.github.reglab.fraud;

import io.github.reglab.harness.run.AppLauncher;
import picocli.CommandLine.Command;

/**
 * {@code ./suite fraud <train|score|generate> [options]}: credit-card fraud detection on heavily imbalanced data.
 */
@Command(name = "fraud", mixinStandardHelpOptions = true,
        description = "Credit-card fraud detection with regularized networks on heavily imbalanced data.",
        subcommands = {TrainCommand.class, ScoreCommand.class, GenerateCommand.class})
public final class FraudApp {

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(AppLauncher.execute(new FraudApp(), args));
    }
}
