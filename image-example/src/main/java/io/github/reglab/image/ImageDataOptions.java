package io.github.reglab.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.reglab.harness.run.OptionChecks;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import picocli.CommandLine.Option;

/**
 * Where the images come from (picocli mixin): Fashion-MNIST (default) or a folder of images, and how much of it
 * to use.
 */
public final class ImageDataOptions {

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the four Fashion-MNIST IDX files "
            + "(gzipped or not). Default: $FASHION_MNIST_DIR, /usr/share/datasets/fashion-mnist, the user cache, "
            + "else a download.")
    Path data;

    @Option(names = "--folder", paramLabel = "DIR", description = "Use a folder-of-images dataset instead: one "
            + "subfolder per class, PNG/JPEG; 20 %% of it becomes the test part.")
    Path folder;

    @Option(names = "--height", defaultValue = "28", description = "Image height for --folder. Default: "
            + "${DEFAULT-VALUE}.")
    int height = 28;

    @Option(names = "--width", defaultValue = "28", description = "Image width for --folder. Default: "
            + "${DEFAULT-VALUE}.")
    int width = 28;

    @Option(names = "--channels", defaultValue = "1", description = "1 (gray) or 3 (RGB) for --folder. Default: "
            + "${DEFAULT-VALUE}.")
    int channels = 1;

    // NHWC measured: training epoch 1.05x faster, inference 1.94x, peak RSS 12-16 % lower than NCHW
    // (docs/benchmarks.md, "NHWC end to end")
    @Option(names = "--layout", defaultValue = "NHWC", paramLabel = "NHWC|NCHW",
            description = "Image layout from the reader through every convolution, batch-norm and pooling layer: "
                    + "NHWC (channel-last, faster here) or NCHW (channel-first, DL4J's default). The same network "
                    + "either way. Default: ${DEFAULT-VALUE}.")
    CNN2DFormat layout = CNN2DFormat.NHWC;

    @Option(names = "--bad-files", defaultValue = "fail", paramLabel = "fail|skip",
            description = "Unreadable image files in --folder: fail naming the file, or skip them. Default: fail.")
    String badFiles = "fail";

    @Option(names = "--train-limit", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N training images (0: all). Default: ${DEFAULT-VALUE}.")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N test images (0: all). Default: ${DEFAULT-VALUE}.")
    int testLimit;

    @Option(names = "--validation-fraction", defaultValue = "0.1",
            description = "Share of the training images held out for validation (stratified). "
                    + "Default: ${DEFAULT-VALUE}.")
    double validationFraction = 0.1;

    /**
     * Training, validation and test images.
     *
     * @param train training part
     * @param validation validation part (from the training set)
     * @param test test part
     * @param source a description of where they came from
     * @param skippedFiles unreadable files left out ({@code --bad-files skip}), as given paths
     */
    public record Splits(ImageSet train, ImageSet validation, ImageSet test, String source, List<String> skippedFiles) {
    }

    /**
     * @param seed the split seed
     * @return the three parts
     */
    public Splits load(long seed) {
        OptionChecks.inRange("--train-limit", trainLimit, 0, Integer.MAX_VALUE);
        OptionChecks.inRange("--test-limit", testLimit, 0, Integer.MAX_VALUE);
        OptionChecks.inRange("--validation-fraction", validationFraction, 0, 1, false, false);
        if (!"fail".equalsIgnoreCase(badFiles) && !"skip".equalsIgnoreCase(badFiles)) {
            throw new OptionChecks.BadOptionException("--bad-files must be fail or skip, found " + badFiles);
        }
        ImageSet trainAll;
        ImageSet test;
        String source;
        List<String> skipped = List.of();
        if (folder != null) {
            OptionChecks.inRange("--height", height, 1, 4096);
            OptionChecks.inRange("--width", width, 1, 4096);
            ImageFolder.Loaded all = ImageFolder.read(folder, channels, height, width,
                    "skip".equalsIgnoreCase(badFiles), seed, layout);
            int[][] parts = stratified(all.images().labels(), all.images().classes(), 0.2, seed);
            trainAll = all.images().subset(parts[0]);
            test = all.images().subset(parts[1]);
            source = "folder " + folder.toAbsolutePath();
            skipped = all.skippedFiles().stream().map(Path::toString).toList();
        } else {
            FashionMnist.Parts p = FashionMnist.load(data, trainLimit, testLimit);
            trainAll = p.train().inLayout(layout);
            test = p.test().inLayout(layout);
            source = "Fashion-MNIST in " + p.folder();
        }
        if (folder != null && trainLimit > 0 && trainLimit < trainAll.size()) {
            trainAll = trainAll.subset(java.util.stream.IntStream.range(0, trainLimit).toArray());
        }
        int[][] tv = stratified(trainAll.labels(), trainAll.classes(), validationFraction, seed + 1);
        return new Splits(trainAll.subset(tv[0]), trainAll.subset(tv[1]), test, source, skipped);
    }

    /**
     * Splits indices per class: a share of each class goes to the second part (at least one image when the class
     * has two or more).
     *
     * @return {rest, held out}, each ascending
     */
    static int[][] stratified(int[] labels, int classes, double fraction, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        Random r = new Random(seed);
        List<Integer> rest = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (List<Integer> idx : byClass) {
            java.util.Collections.shuffle(idx, r);
            int k = idx.size() < 2 ? 0 : Math.max(1, (int) Math.round(idx.size() * fraction));
            held.addAll(idx.subList(0, k));
            rest.addAll(idx.subList(k, idx.size()));
        }
        return new int[][] {rest.stream().mapToInt(Integer::intValue).sorted().toArray(),
            held.stream().mapToInt(Integer::intValue).sorted().toArray()};
    }

    /**
     * The data options as a manifest records them.
     *
     * @param data the Fashion-MNIST folder, if given
     * @param folder the folder of class subfolders, if given
     * @param height image height
     * @param width image width
     * @param channels image channels
     * @param badFiles what happens to unreadable images
     * @param trainLimit training images used, 0 for all
     * @param testLimit test images used, 0 for all
     * @param validationFraction share of training images held for validation
     * @param layout the image layout
     */
    public record Description(String data, String folder, int height, int width, int channels, String badFiles,
            int trainLimit, int testLimit, double validationFraction, CNN2DFormat layout) {
    }

    /**
     * Describes the data options for the manifest.
     *
     * @return the description
     */
    public Description describe() {
        return new Description(data == null ? null : data.toString(), folder == null ? null : folder.toString(), height,
                width, channels, badFiles, trainLimit, testLimit, validationFraction, layout);
    }
}
