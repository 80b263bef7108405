package io.github.reglab.core.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * The proximal regularizers, trained with plain full-batch SGD (proximal gradient descent), reach scikit-learn's
 * exact solutions on the diabetes data scikit-learn ships. Golden values: {@code src/test/resources/golden/},
 * produced by {@code make_golden.py} there (Debian's python3-sklearn 1.2.1).
 *
 * <p>Scales: scikit-learn minimizes {@code (1/(2n))‖Y − XW‖² + penalty}; DL4J's MSE loss with k outputs is
 * {@code (1/(n·k))‖Y − XW‖²}, i.e. {@code 2/k} times scikit-learn's data term. Multiplying scikit-learn's whole
 * objective by {@code 2/k} leaves the minimizer unchanged, so the DL4J strength is {@code 2α/k} (k = 1 for the
 * elastic net). Learning rate {@code 1/L}, L the largest eigenvalue of the loss Hessian {@code (2/(n·k))·XᵀX}.
 *
 * <p>Tolerance 1e-3 absolute on coefficients of size up to 28: the same ISTA iteration in NumPy is within 1e-9 of
 * scikit-learn after 2,000 steps (condition number 470), so 1e-3 leaves room for float64 summation order only.
 * Zero patterns must match exactly: proximal steps give exact zeros.
 */
class SklearnGoldenTest {

    private static final int ITERATIONS = 2_000;
    private static final double TOLERANCE = 1e-3;
    private static final int FEATURES = 10;
    private static final int MULTITASK_FEATURES = 8;

    private static List<double[]> readCsv(String resource, int skipLines) throws IOException {
        try (InputStream in = SklearnGoldenTest.class.getResourceAsStream("/golden/" + resource)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(skipLines, lines.size())) {
                String[] parts = line.split(",");
                double[] r = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    // multitask.csv starts each row with the feature's name
                    r[i] = i == 0 && Character.isLetter(parts[i].charAt(0)) ? Double.NaN
                            : Double.parseDouble(parts[i]);
                }
                rows.add(r);
            }
            return rows;
        }
    }

    private static INDArray columns(List<double[]> rows, int from, int to) {
        double[][] m = new double[rows.size()][to - from];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), from, m[i], 0, to - from);
        }
        return Nd4j.createFromArray(m);
    }

    /** Trains a bias-free linear layer (identity, MSE) by full-batch SGD at 1/L with the given regularizer. */
    private static INDArray fit(INDArray x, INDArray y, Regularization r) {
        long n = x.rows();
        long k = y.columns();
        INDArray hessian = x.transpose().mmul(x).muli(2.0 / (n * k));
        double lipschitz = Eigen.symmetricGeneralizedEigenvalues(hessian.dup(), true).maxNumber().doubleValue();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new Sgd(1.0 / lipschitz)).weightInit(WeightInit.ZERO).list()
                .layer(LayerRegularization.weights(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(x.columns()).nOut(k).hasBias(false).activation(Activation.IDENTITY), r).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet ds = new DataSet(x, y);
        for (int i = 0; i < ITERATIONS; i++) {
            net.fit(ds);
        }
        return net.getLayer(0).getParam("W");
    }

    private static void assertMatches(double expected, double actual, String what) {
        if (expected == 0) {
            assertEquals(0.0, actual, 0.0, what + " must be exactly 0");
        } else {
            assertEquals(expected, actual, TOLERANCE, what);
            assertEquals(false, actual == 0, what + " must not be 0");
        }
    }

    @Test
    void proximalElasticNetMatchesScikitLearn() throws IOException {
        List<double[]> data = readCsv("diabetes.csv", 1);
        INDArray x = columns(data, 0, FEATURES);
        INDArray y = columns(data, FEATURES, FEATURES + 1);
        List<double[]> golden = readCsv("elasticnet.csv", 1);
        assertEquals(4, golden.size());
        for (double[] g : golden) {
            double alpha = g[0];
            double ratio = g[1];
            INDArray w = fit(x, y, Regularizers.elasticNet(2 * alpha, ratio, Step.PROXIMAL));
            for (int j = 0; j < FEATURES; j++) {
                assertMatches(g[2 + j], w.getDouble(j, 0), "alpha=" + alpha + " l1_ratio=" + ratio + " coef " + j);
            }
        }
    }

    @Test
    void proximalInputGroupLassoMatchesMultiTaskLasso() throws IOException {
        List<double[]> data = readCsv("diabetes.csv", 1);
        INDArray x = columns(data, 0, MULTITASK_FEATURES);
        // tasks: the target, s5, s6 (see make_golden.py)
        INDArray y = Nd4j.hstack(columns(data, FEATURES, FEATURES + 1), columns(data, 8, 10));
        List<double[]> golden = readCsv("multitask.csv", 2);
        double alpha = 4.0;
        int k = 3;
        GroupLasso gl = new GroupLasso(new FixedSchedule(2 * alpha / k), GroupLasso.Groups.INPUT_FEATURES,
                new long[] {MULTITASK_FEATURES, k}, GroupLasso.Weighting.ONE, Step.PROXIMAL);
        INDArray w = fit(x, y, gl);
        for (int i = 0; i < MULTITASK_FEATURES; i++) {
            for (int t = 0; t < k; t++) {
                assertMatches(golden.get(i)[1 + t], w.getDouble(i, t), "feature " + i + " task " + t);
            }
        }
    }
}
