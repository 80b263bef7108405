package io.github.reglab.bench;

import java.nio.file.Path;

import io.github.reglab.core.layers.BatchNorm;
import io.github.reglab.core.train.LearningRateSpec;
import io.github.reglab.core.train.ValidationMetrics;
import io.github.reglab.fraud.FraudNetSpec;
import io.github.reglab.fraud.data.Table;
import io.github.reglab.fraud.data.TransactionGenerator;
import io.github.reglab.image.CnnSpec;
import io.github.reglab.image.FashionMnist;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The two networks the framework comparison trains, built exactly as the applications build them, and their data.
 */
enum Workload {

    /**
     * The fraud application's network (30 inputs → 64 → batch norm → ReLU → dropout 0.1 → 2-class softmax), plain
     * Adam 1e-3, unit class weights, no weight penalty; synthetic transactions (public schema and fraud rate).
     */
    MLP("mlp", 30, 2, 200_000, 50_000, 256, 3, ValidationMetrics.AVERAGE_PRECISION) {
        @Override
        MultiLayerConfiguration network(long seed, boolean stock) {
            return FraudNetSpec.defaults(30).withHidden(64).withDropRate(0.1)
                    .withLearningRate(LearningRateSpec.constant(1e-3)).withBatchNorm(stock ? BatchNorm.DL4J : BatchNorm.FUSED).toDl4j(seed);
        }

        @Override
        InputType inputType() {
            return InputType.feedForward(30);
        }

        @Override
        BenchData[] data(int trainRows, int validationRows, long seed) {
            Table t = TransactionGenerator.generate(trainRows + validationRows,
                    TransactionGenerator.DEFAULT_FRAUD_RATE, seed);
            int[] trainPart = java.util.stream.IntStream.range(0, trainRows).toArray();
            int[] validationPart = java.util.stream.IntStream.range(trainRows, t.rows()).toArray();
            // standardized with the training rows' statistics, as the application does
            Table.Standardized parts = t.toStandardizedDataSets(trainPart, validationPart);
            DataSet train = parts.part(0);
            DataSet validation = parts.part(1);
            return new BenchData[] {
                new BenchData(train.getFeatures().data().asFloat(), t.labelsOf(trainPart), t.columns(), 2),
                new BenchData(validation.getFeatures().data().asFloat(), t.labelsOf(validationPart), t.columns(),
                        2)};
        }
    },

    /**
     * The image application's CNN with one convolution per block on 28×28×1 inputs (Fashion-MNIST: the first
     * training images, and test images for validation), Adam 1e-3 without decay: the network docs/benchmarks.md
     * measured (the app's default before it moved to two convolutions per block; {@code --convs 1 --dense 128
     * --lr-schedule inverse-time --lr-decay 0}). Pinned here so the published figures stay reproducible.
     */
    CNN("cnn", 784, 10, 20_000, 5_000, 128, 1, ValidationMetrics.ACCURACY) {
        @Override
        MultiLayerConfiguration network(long seed, boolean stock) {
            // this project's column runs the image application's layout; stock DL4J keeps its default NCHW
            return cnnSpec().withBatchNorm(stock ? BatchNorm.DL4J : BatchNorm.FUSED).withLayout(stock ? CNN2DFormat.NCHW : CNN2DFormat.NHWC)
                    .toDl4j(seed);
        }

        @Override
        InputType inputType() {
            return InputType.convolutionalFlat(28, 28, 1);
        }

        @Override
        BenchData[] data(int trainRows, int validationRows, long seed) {
            FashionMnist.Parts parts = FashionMnist.load(null, trainRows, validationRows);
            return new BenchData[] {images(parts.train().features(), parts.train().labels()),
                images(parts.test().features(), parts.test().labels())};
        }

        private BenchData images(INDArray features, int[] labels) {
            return new BenchData(features.reshape(labels.length, 784).dup('c').data().asFloat(), labels.clone(), 784,
                    10);
        }
    };

    /**
     * @return the CNN workload's network spec (see {@link #CNN})
     */
    static CnnSpec cnnSpec() {
        return CnnSpec.defaults(1, 28, 28, 10).withRegularization(0.25, 1e-4, BatchNorm.FUSED);
    }

    final String id;
    final int columns;
    final int classes;
    final int defaultRows;
    final int defaultValidationRows;
    final int defaultBatch;
    final int defaultEpochs;
    final String qualityMetric;

    Workload(String id, int columns, int classes, int rows, int validationRows, int batch, int epochs,
            String qualityMetric) {
        this.id = id;
        this.columns = columns;
        this.classes = classes;
        this.defaultRows = rows;
        this.defaultValidationRows = validationRows;
        this.defaultBatch = batch;
        this.defaultEpochs = epochs;
        this.qualityMetric = qualityMetric;
    }

    /**
     * @param seed the initialization seed
     * @param stock whether batch normalization is DL4J's own layer (stock DL4J) rather than this project's fused one
     * @return the network, as the application builds it
     */
    abstract MultiLayerConfiguration network(long seed, boolean stock);

    /**
     * @return the network's input type (for FLOP counting)
     */
    abstract InputType inputType();

    /**
     * @param trainRows training rows
     * @param validationRows validation rows
     * @param seed the data seed
     * @return training and validation data
     */
    abstract BenchData[] data(int trainRows, int validationRows, long seed);

    /**
     * @param names workload names from the command line ({@code mlp}, {@code cnn})
     * @return the workloads
     * @throws io.github.reglab.harness.run.OptionChecks.BadOptionException naming an unknown one
     */
    static java.util.List<Workload> parse(java.util.List<String> names) {
        java.util.List<Workload> chosen = new java.util.ArrayList<>();
        for (String n : names) {
            String id = n.trim().toLowerCase(java.util.Locale.ROOT);
            chosen.add(java.util.Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst().orElseThrow(
                    () -> new io.github.reglab.harness.run.OptionChecks.BadOptionException(
                            "--workloads takes mlp and/or cnn, found '" + n + "'")));
        }
        return chosen;
    }

    /**
     * Writes this workload's training and validation data for the worker processes.
     *
     * @param dir the folder
     * @param rowsOverride training rows, or 0 for the default size (validation: a quarter of it, at least 100)
     */
    void writeData(Path dir, int rowsOverride) {
        BenchData[] d = data(rowsOverride > 0 ? rowsOverride : defaultRows,
                rowsOverride > 0 ? Math.max(100, rowsOverride / 4) : defaultValidationRows, 7);
        d[0].write(dir, id + "-train");
        d[1].write(dir, id + "-validation");
    }

    /**
     * @param dir the folder
     * @return the training data written there by the driver
     */
    BenchData train(Path dir) {
        return BenchData.read(dir, id + "-train", columns, classes);
    }

    /**
     * @param dir the folder
     * @return the validation data written there by the driver
     */
    BenchData validation(Path dir) {
        return BenchData.read(dir, id + "-validation", columns, classes);
    }
}
