package io.github.reglab.bench;

import java.util.Random;

import io.github.reglab.core.layers.FusedBatchNormalization;
import io.github.reglab.core.regularization.LayerRegularization;
import io.github.reglab.core.train.LearningRateSpec;
import io.github.reglab.core.train.Seeds;
import io.github.reglab.fraud.FraudNetSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The networks and data the benchmarks train.
 */
final class Workloads {

    /** Inputs of the fraud network (Time, V1..V28, Amount). */
    static final int FRAUD_INPUTS = 30;
    /** Hidden units of the fraud network (the application's default). */
    static final int FRAUD_HIDDEN = 64;
    /** Image side. */
    static final int IMAGE_SIDE = 28;
    /** Image classes. */
    static final int IMAGE_CLASSES = 10;

    private Workloads() {
    }

    /**
     * The fraud application's network with no regularization or dropout, to which the benchmark attaches the
     * regularizer under test (both weight layers, as the application does for L1/L2).
     */
    static MultiLayerNetwork fraudMlp(long seed, double dropRate) {
        FraudNetSpec spec = FraudNetSpec.defaults(FRAUD_INPUTS).withHidden(FRAUD_HIDDEN).withDropRate(dropRate)
                .withLearningRate(LearningRateSpec.constant(1e-3));
        MultiLayerNetwork net = new MultiLayerNetwork(spec.toDl4j(seed));
        net.init();
        return net;
    }

    /**
     * A CNN of the shape the image application uses: (conv 3×3 → batch norm → ReLU → max-pool) × 2, dropout,
     * dense 128, softmax; regularizers on the convolution and dense weights.
     */
    static MultiLayerNetwork cnn(long seed, Regularization... regs) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(Seeds.nd4j(seed))
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU).list()
                .layer(LayerRegularization.weights(new ConvolutionLayer.Builder(3, 3).nOut(32).padding(1, 1)
                        .activation(Activation.IDENTITY), regs).build())
                .layer(FusedBatchNormalization.builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(LayerRegularization.weights(new ConvolutionLayer.Builder(3, 3).nOut(64).padding(1, 1)
                        .activation(Activation.IDENTITY), regs).build())
                .layer(FusedBatchNormalization.builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DropoutLayer.Builder().dropOut(LayerRegularization.dropout(0.25)).build())
                .layer(LayerRegularization.weights(new DenseLayer.Builder().nOut(128).activation(Activation.RELU), regs)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(IMAGE_CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(IMAGE_SIDE, IMAGE_SIDE, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Random standardized features with 2 % positives, one-hot labels. */
    static DataSet tabular(int rows, int features, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * features];
        float[] y = new float[rows * 2];
        for (int i = 0; i < rows; i++) {
            int c = r.nextDouble() < 0.02 ? 1 : 0;
            y[i * 2 + c] = 1;
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) (r.nextGaussian() + (j < 4 ? c : 0));
            }
        }
        return new DataSet(Nd4j.create(x, new long[] {rows, features}, 'c'), Nd4j.create(y, new long[] {rows, 2},
                'c'));
    }

    /** Random 28×28 images in [0, 1] (flattened), one-hot labels over 10 classes. */
    static DataSet images(int rows, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, IMAGE_SIDE * IMAGE_SIDE);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, IMAGE_CLASSES);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, r.nextInt(IMAGE_CLASSES), 1f);
        }
        return new DataSet(x, y);
    }
}
