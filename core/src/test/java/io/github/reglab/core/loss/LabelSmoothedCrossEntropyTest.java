package io.github.reglab.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reglab.core.io.ModelArchive;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link LabelSmoothedCrossEntropy} against PyTorch 1.13's {@code cross_entropy(…, label_smoothing=ε)}: per-example
 * losses and their gradients with respect to the logits, for ε ∈ {0, 0.1, 0.3}, with and without class weights
 * (golden values from {@code golden/make_label_smoothing_golden.py}, float64). Tolerance 1e-12: the same formula in
 * double precision, differing only in summation order and softmax's evaluation (DL4J's probability clip at 1e-10
 * does not bind: the smallest probability here is about 1e-4).
 */
class LabelSmoothedCrossEntropyTest {

    private static final double TOLERANCE = 1e-12;
    private static final double[] WEIGHTS = {0.5, 2.0, 1.0, 3.0};

    @TempDir
    Path tmp;

    /** One golden case: its settings, the logits and labels of its examples, PyTorch's losses and gradients. */
    private record Golden(double epsilon, boolean weighted, List<double[]> logits, List<Integer> labels,
            List<Double> losses, List<double[]> gradients) {
    }

    private static Map<Integer, Golden> golden() throws IOException {
        Map<Integer, Golden> cases = new LinkedHashMap<>();
        try (InputStream in = LabelSmoothedCrossEntropyTest.class.getResourceAsStream(
                "/golden/label_smoothing.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            for (String line : lines) {
                String[] f = line.split(",");
                int c = Integer.parseInt(f[0]);
                Golden g = cases.computeIfAbsent(c, k -> new Golden(Double.parseDouble(f[1]), f[2].equals("1"),
                        new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                double[] v = new double[4];
                for (int k = 0; k < 4; k++) {
                    v[k] = Double.parseDouble(f[6 + k]);
                }
                if (f[3].equals("-1")) {
                    g.logits().add(v);
                    g.labels().add(Integer.parseInt(f[4]));
                } else {
                    g.losses().add(Double.parseDouble(f[5]));
                    g.gradients().add(v);
                }
            }
        }
        return cases;
    }

    @Test
    void lossesAndGradientsEqualPyTorchs() throws IOException {
        Map<Integer, Golden> cases = golden();
        assertEquals(6, cases.size());
        for (Golden g : cases.values()) {
            int n = g.logits().size();
            INDArray z = Nd4j.create(g.logits().toArray(double[][]::new));
            INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 4);
            for (int i = 0; i < n; i++) {
                y.putScalar(i, g.labels().get(i), 1.0);
            }
            LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(g.epsilon(), g.weighted() ? WEIGHTS : null);
            INDArray scores = loss.computeScoreArray(y, z, new ActivationSoftmax(), null);
            INDArray grad = loss.computeGradient(y, z, new ActivationSoftmax(), null);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                String where = loss + ", example " + i;
                assertEquals(g.losses().get(i), scores.getDouble(i, 0), TOLERANCE, where);
                sum += g.losses().get(i);
                for (int k = 0; k < 4; k++) {
                    assertEquals(g.gradients().get(i)[k], grad.getDouble(i, k), TOLERANCE, where + ", class " + k);
                }
            }
            assertEquals(sum / n, loss.computeScore(y, z, new ActivationSoftmax(), null, true), TOLERANCE);
        }
    }

    private static MultiLayerNetwork net(LabelSmoothedCrossEntropy loss) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(loss).nIn(6).nOut(4).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** In a network: DL4J's gradient check in double precision, and the configuration's JSON and model files. */
    @Test
    void worksInANetworkAndRoundTrips() {
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, WEIGHTS);
        MultiLayerNetwork net = net(loss);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 5).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, 4);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 4, 1.0);
        }
        DataType previous = Nd4j.dataType();
        DataType previousFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists
        try {
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                    .labels(y).epsilon(1e-6).maxRelError(1e-6).minAbsoluteError(1e-9)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
        } finally {
            Nd4j.setDefaultDataTypes(previous, previousFloat);
        }
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertEquals(net.getLayerWiseConfigurations(), back);
        assertEquals(loss, ((OutputLayer) back.getConf(1).getLayer()).getLossFn());
        Path f = tmp.resolve("model.zip");
        ModelArchive.write(f, net, ModelArchive.Include.WEIGHTS, Map.of());
        MultiLayerNetwork read = ModelArchive.read(f, false).network();
        assertEquals(net.output(x), read.output(x));
    }

    @Test
    void badSettingsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LabelSmoothedCrossEntropy(1.0))
                .getMessage().contains("epsilon must be in [0, 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LabelSmoothedCrossEntropy(0.1, new double[] {1, -2})).getMessage().contains("weights[1]"));
        LabelSmoothedCrossEntropy three = new LabelSmoothedCrossEntropy(0.1, new double[] {1, 2, 3});
        INDArray z = Nd4j.zeros(DataType.DOUBLE, 2, 4);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> three.computeScoreArray(z, z, new ActivationSoftmax(), null)).getMessage()
                .contains("3 class weights but the output has 4 classes"));
    }
}
