package io.github.reglab.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.reglab.core.augment.AugmentSpec;
import io.github.reglab.core.augment.ImageAugmenter;
import io.github.reglab.harness.report.ImageGrid;
import io.github.reglab.harness.run.AppLauncher;
import io.github.reglab.harness.run.OptionChecks;
import io.github.reglab.harness.run.OutputFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code image preview --output grid.png}: training images beside augmented versions of themselves.
 */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = "Draw training images (first column) beside augmented versions (one column per epoch).")
public final class PreviewCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(PreviewCommand.class);

    @Mixin
    ImageDataOptions data = new ImageDataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "PNG to write (an existing file "
            + "only with --force).")
    Path output;

    @Option(names = "--force", description = "Replace an existing --output file.")
    boolean force;

    @Option(names = "--images", defaultValue = "8", description = "Images (rows). Default: ${DEFAULT-VALUE}.")
    int images = 8;

    @Option(names = "--versions", defaultValue = "7", description = "Augmented versions per image. "
            + "Default: ${DEFAULT-VALUE}.")
    int versions = 7;

    @Option(names = "--seed", defaultValue = "42", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Override
    public Integer call() {
        run();
        return AppLauncher.OK;
    }

    /**
     * @return the file written
     */
    public Path run() {
        OptionChecks.inRange("--images", images, 1, 100);
        OptionChecks.inRange("--versions", versions, 1, 50);
        java.util.Map<String, Path> inputs = new java.util.HashMap<>();
        inputs.put("--folder", data.folder); // the preview must not land among the images it reads
        inputs.put("--data", data.data);
        try (OutputFiles.Claim claim = OutputFiles.claim(output, force, inputs)) {
            return write(claim.output());
        }
    }

    private Path write(Path output) {
        AugmentSpec spec = model.augmentation();
        if (!spec.enabled()) {
            spec = AugmentSpec.standard();
            LOG.info("The augmentation options turn every transform off; previewing the standard augmentation {}",
                    spec);
        }
        ImageSet train = data.load(seed).train();
        model.checkShiftFits(train);
        int n = Math.min(images, train.size());
        ImageAugmenter aug = new ImageAugmenter(spec, seed);
        List<ImageGrid.Cell> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cells.add(new ImageGrid.Cell(train.pixels(i), "original"));
            INDArray one = train.features().getRow(i, true);
            for (int v = 0; v < versions; v++) {
                INDArray a = aug.apply(one, train.layout(), train.channels(), train.height(), train.width(), v,
                        new long[] {i});
                ImageSet single = new ImageSet(a, new int[] {train.labels()[i]}, train.channels(), train.height(),
                        train.width(), train.classNames(), train.layout());
                cells.add(new ImageGrid.Cell(single.pixels(0), "epoch " + v));
            }
        }
        ImageGrid.write(output, cells, versions + 1, 3);
        LOG.info("Wrote {} images with {} augmented versions each to {}", n, versions, output.toAbsolutePath());
        return output;
    }
}
