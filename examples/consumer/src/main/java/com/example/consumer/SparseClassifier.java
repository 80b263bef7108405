package com.example.consumer;

import java.util.List;
import java.util.SplittableRandom;

import io.github.reglab.core.backend.NativeSetup;
import io.github.reglab.core.earlystopping.EarlyStoppingSpec;
import io.github.reglab.core.metrics.BinaryMetrics;
import io.github.reglab.core.metrics.ModelComplexity;
import io.github.reglab.core.regularization.LayerRegularization;
import io.github.reglab.core.regularization.Regularizers;
import io.github.reglab.core.regularization.Step;
import io.github.reglab.core.train.ShuffledMinibatches;
import io.github.reglab.core.train.Trainer;
import io.github.reglab.core.train.TrainerSpec;
import io.github.reglab.core.train.TrainingResult;
import io.github.reglab.core.train.ValidationMetrics;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What a DL4J project does with reglab-core: a small network whose first layer carries a proximal group lasso
 * over its inputs (feature selection with exact zeros) plus L2, trained by {@link Trainer} with early stopping,
 * and judged with the imbalanced-classification metrics and the model-complexity report.
 *
 * <p>The data: {@value #INFORMATIVE} informative features and {@value #NOISE} pure-noise features; the label is
 * 1 when the informative features' sum is positive.
 */
public final class SparseClassifier {

    /** Informative input features (the first ones). */
    public static final int INFORMATIVE = 3;
    /** Noise input features (the last ones). */
    public static final int NOISE = 5;
    private static final int FEATURES = INFORMATIVE + NOISE;
    private static final int HIDDEN = 16;

    private SparseClassifier() {
    }

    /**
     * What one run found.
     *
     * @param result the trainer's result
     * @param averagePrecision test average precision
     * @param aucRoc test ROC AUC
     * @param zeroedInputs the input features whose first-layer weights are all exactly zero
     */
    public record Outcome(TrainingResult result, double averagePrecision, double aucRoc, List<Integer> zeroedInputs) {
    }

    /**
     * Builds, trains and evaluates the network.
     *
     * @param seed seeds the data, the weights and the minibatch order
     * @return the outcome
     */
    public static Outcome run(long seed) {
        DataSet train = data(2000, seed);
        DataSet validation = data(500, seed + 1);
        DataSet test = data(1000, seed + 2);

        // --8<-- [start:trainer]
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(0.1))            // plain SGD: the proximal step is exact proximal gradient descent
                .weightInit(WeightInit.RELU)
                .list()
                .layer(LayerRegularization.weights(new DenseLayer.Builder().nIn(FEATURES).nOut(HIDDEN)
                                .activation(Activation.RELU),
                        Regularizers.l2(1e-4),
                        Regularizers.inputGroupLasso(0.02, FEATURES, HIDDEN, Step.PROXIMAL)).build())
                .layer(LayerRegularization.weights(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(HIDDEN).nOut(2).activation(Activation.SOFTMAX), Regularizers.l2(1e-4)).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        TrainerSpec spec = TrainerSpec.of(EarlyStoppingSpec.of(ValidationMetrics.AVERAGE_PRECISION, 40)
                        .withPatience(8))
                .withMetrics(List.of(ValidationMetrics.AUC_ROC))
                .withSeed(seed);
        TrainingResult result = new Trainer(spec)
                .fit(net, new ShuffledMinibatches(train, 64, seed), new ShuffledMinibatches(validation, 500, null));
        // --8<-- [end:trainer]

        INDArray p = result.network().output(test.getFeatures(), false);
        double[] scores = p.getColumn(1).toDoubleVector();
        int[] labels = test.getLabels().getColumn(1).toIntVector();
        BinaryMetrics metrics = new BinaryMetrics(scores, labels);
        ModelComplexity complexity = ModelComplexity.of(result.network(), 0);
        List<Integer> zeroed = List.copyOf(complexity.layers().get(0).zeroInputs());
        return new Outcome(result, metrics.averagePrecision(), metrics.aucRoc(), zeroed);
    }

    private static DataSet data(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[n][FEATURES];
        double[][] y = new double[n][2];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = gaussian(rnd);
                if (j < INFORMATIVE) {
                    sum += x[i][j];
                }
            }
            y[i][sum > 0 ? 1 : 0] = 1;
        }
        return new DataSet(Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y).castTo(DataType.FLOAT));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /**
     * Runs once and prints what it found.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        NativeSetup.configure(); // before ND4J starts: oneDNN natives and DL4J's helpers, sane off-heap limits
        Outcome o = run(42);
        System.out.printf("test average precision %.3f, ROC AUC %.3f; inputs zeroed: %s (noise: %d-%d)%n",
                o.averagePrecision(), o.aucRoc(), o.zeroedInputs(), INFORMATIVE, FEATURES - 1);
    }
}
