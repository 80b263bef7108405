package io.github.reglab.core.testing;

import java.util.Random;

import io.github.reglab.core.regularization.LayerRegularization;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Tiny deterministic networks and data for tests, shared through core's test-jar.
 */
public final class TinyNets {

    /** Inputs of the dense test network. */
    public static final int DENSE_IN = 4;
    /** Hidden units of the dense test network. */
    public static final int DENSE_HIDDEN = 3;
    /** Classes of every test network. */
    public static final int CLASSES = 2;
    /** Side of the convolution test network's square input. */
    public static final int CONV_SIDE = 5;
    /** Input channels of the convolution test network. */
    public static final int CONV_IN = 2;
    /** Filters of the convolution test network. */
    public static final int CONV_FILTERS = 3;
    /** Kernel side of the convolution test network. */
    public static final int KERNEL = 2;

    private TinyNets() {
    }

    /**
     * Dense → softmax network in double precision with SGD(1.0) (what GradientCheckUtil wants), regularizers on the
     * hidden layer's weights.
     *
     * @param seed the weight seed
     * @param regularizers the hidden layer's weight regularizers
     * @return the initialized network
     */
    public static MultiLayerNetwork dense(long seed, Regularization... regularizers) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Sgd(1.0)).weightInit(WeightInit.XAVIER).list()
                .layer(LayerRegularization.weights(new DenseLayer.Builder().nIn(DENSE_IN).nOut(DENSE_HIDDEN)
                        .activation(Activation.TANH), regularizers).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(DENSE_HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Convolution → softmax network in double precision with SGD(1.0), regularizers on the convolution weights.
     *
     * @param seed the weight seed
     * @param regularizers the convolution layer's weight regularizers
     * @return the initialized network
     */
    public static MultiLayerNetwork conv(long seed, Regularization... regularizers) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Sgd(1.0)).weightInit(WeightInit.XAVIER).list()
                .layer(LayerRegularization.weights(new ConvolutionLayer.Builder(KERNEL, KERNEL).nIn(CONV_IN)
                        .nOut(CONV_FILTERS).activation(Activation.TANH), regularizers).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(CONV_SIDE, CONV_SIDE, CONV_IN))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * @param rows examples
     * @param features values per example (or a shape after rows)
     * @param seed the data seed
     * @return Gaussian features in double precision
     */
    public static INDArray features(int rows, long[] features, long seed) {
        long[] shape = new long[features.length + 1];
        shape[0] = rows;
        System.arraycopy(features, 0, shape, 1, features.length);
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, shape);
        double[] v = new double[(int) x.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c').castTo(DataType.DOUBLE);
    }

    /**
     * @param rows examples
     * @param seed the label seed
     * @return one-hot labels over {@link #CLASSES} classes
     */
    public static INDArray oneHot(int rows, long seed) {
        Random r = new Random(seed);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, CLASSES);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, r.nextInt(CLASSES), 1.0);
        }
        return y;
    }

    /**
     * Runs DL4J's gradient check: the analytic gradient (data loss plus the regularizers' {@code apply}) against
     * central differences of the score (data loss plus the regularizers' {@code score}).
     *
     * @param net a double-precision network with SGD(1.0) and no dropout
     * @param input the features
     * @param labels the labels
     * @return true when every parameter's relative error is below 1e-6 (or absolute error below 1e-9)
     */
    public static boolean gradientsMatch(MultiLayerNetwork net, INDArray input, INDArray labels) {
        // epsilon 1e-6 in double precision: truncation error O(eps²) ~ 1e-12, rounding O(1e-16/eps) ~ 1e-10, both
        // far below the 1e-6 relative error DL4J's own tests use; 1e-9 absolute covers gradients that are ~0.
        // GradientCheckUtil insists on ND4J's global default type being double; restore it afterwards.
        DataType previous = Nd4j.dataType();
        DataType previousFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                    .labels(labels).epsilon(1e-6).maxRelError(1e-6).minAbsoluteError(1e-9)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
        } finally {
            Nd4j.setDefaultDataTypes(previous, previousFloat);
        }
    }
}
