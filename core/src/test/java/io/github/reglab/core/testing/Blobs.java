package io.github.reglab.core.testing;

import java.util.Random;

import io.github.reglab.core.regularization.LayerRegularization;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Two overlapping Gaussian classes in a few dimensions (class 1 shifted by {@code shift} along every axis), and a
 * small float-precision MLP to classify them. Deterministic from the seed.
 */
public final class Blobs {

    /** Features per example. */
    public static final int FEATURES = 5;

    private Blobs() {
    }

    /**
     * @param n examples
     * @param shift class separation per axis
     * @param positiveRate share of class 1
     * @param seed the seed
     * @return features [n, FEATURES] and one-hot labels [n, 2]
     */
    public static DataSet data(int n, double shift, double positiveRate, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][FEATURES];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            int c = r.nextDouble() < positiveRate ? 1 : 0;
            y[i][c] = 1;
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = (float) (r.nextGaussian() + c * shift);
            }
        }
        return new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    /**
     * @param ds the data
     * @param batch minibatch size
     * @return an iterator over ready-made minibatches in a fixed order
     */
    public static DataSetIterator iterator(DataSet ds, int batch) {
        return new ExistingDataSetIterator(ds.batchBy(batch));
    }

    /**
     * @param seed the weight seed
     * @param updater the updater
     * @param regularizers the hidden layer's weight regularizers
     * @return an initialized 5 → 8 → 2 MLP
     */
    public static MultiLayerNetwork mlp(long seed, IUpdater updater, Regularization... regularizers) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(WeightInit.XAVIER).list()
                .layer(LayerRegularization.weights(new DenseLayer.Builder().nIn(FEATURES).nOut(8)
                        .activation(Activation.RELU),
                        regularizers).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * @return Adam with learning rate 0.01
     */
    public static IUpdater adam() {
        return new Adam(0.01);
    }

    /**
     * @param a an array
     * @return a copy as doubles
     */
    public static double[] values(INDArray a) {
        return a.dup().toDoubleVector();
    }
}
