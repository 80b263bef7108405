package io.github.reglab.image;

import io.github.reglab.harness.run.AppLauncher;
import picocli.CommandLine.Command;

/**
 * {@code ./suite image <train|ablation|preview> [options]}: CNN image classification with every regularization
 * technique.
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "CNN image classification (Fashion-MNIST or a folder of images) with L2, dropout, batch norm "
                + "and augmentation.",
        subcommands = {ImageTrainCommand.class, AblationCommand.class, PreviewCommand.class})
public final class ImageApp {

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(AppLauncher.execute(new ImageApp(), args));
    }
}
