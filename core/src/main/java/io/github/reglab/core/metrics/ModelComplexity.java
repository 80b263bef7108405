package io.github.reglab.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Complexity of a network's weights, per layer and in total, and the effective degrees of freedom of linear
 * models.
 *
 * @param layers one entry per layer that has a weight matrix {@code W}
 * @param tolerance the threshold used for {@link LayerComplexity#belowToleranceFraction()}
 * @param weights total number of weights
 * @param l1Norm total {@code Σ|w|}
 * @param l2Norm total {@code √Σw²}
 * @param nonZeros total weights not exactly 0
 * @param zeroFraction share of all weights exactly 0
 * @param belowToleranceFraction share of all weights with {@code |w| ≤ tolerance}
 */
public record ModelComplexity(List<LayerComplexity> layers, double tolerance, long weights, double l1Norm,
        double l2Norm, long nonZeros, double zeroFraction, double belowToleranceFraction) {

    /**
     * Copies the list.
     *
     * @param layers one entry per layer that has a weight matrix {@code W}
     * @param tolerance the threshold used for {@link LayerComplexity#belowToleranceFraction()}
     * @param weights total number of weights
     * @param l1Norm total {@code Σ|w|}
     * @param l2Norm total {@code √Σw²}
     * @param nonZeros total weights not exactly 0
     * @param zeroFraction share of all weights exactly 0
     * @param belowToleranceFraction share of all weights with {@code |w| ≤ tolerance}
     */
    public ModelComplexity {
        layers = List.copyOf(layers);
    }

    /**
     * Measures every layer that has a weight parameter {@code W}: dense and output layers ({@code W[nIn, nOut]})
     * and 2-D convolutions ({@code W[nOut, nIn, kH, kW]}).
     *
     * @param net the network
     * @param tolerance magnitude at or below which a weight counts as negligible, &ge; 0
     * @return the measures
     */
    public static ModelComplexity of(MultiLayerNetwork net, double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and >= 0, found " + tolerance);
        }
        List<LayerComplexity> layers = new ArrayList<>();
        long total = 0;
        long nonZeros = 0;
        long below = 0;
        double l1 = 0;
        double sq = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            if (!layer.paramTable().containsKey("W")) {
                continue;
            }
            INDArray w = layer.getParam("W");
            LayerComplexity lc = measure(i, layer.conf().getLayer().getClass().getSimpleName(), w, tolerance);
            layers.add(lc);
            total += lc.weights();
            nonZeros += lc.nonZeros();
            below += Math.round(lc.belowToleranceFraction() * lc.weights());
            l1 += lc.l1Norm();
            sq += lc.l2Norm() * lc.l2Norm();
        }
        return new ModelComplexity(layers, tolerance, total, l1, Math.sqrt(sq), nonZeros,
                total == 0 ? 0 : (double) (total - nonZeros) / total, total == 0 ? 0 : (double) below / total);
    }

    /**
     * Measures one weight array.
     *
     * @param layerIndex the layer's position
     * @param layerType the layer's class name
     * @param w {@code [nIn, nOut]} (dense) or {@code [nOut, nIn, kH, kW]} (convolution)
     * @param tolerance the negligible magnitude
     * @return the measures
     */
    public static LayerComplexity measure(int layerIndex, String layerType, INDArray w, double tolerance) {
        long n = w.length();
        INDArray abs = Transforms.abs(w, true);
        long nonZero = abs.gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber().longValue();
        long below = abs.lte(tolerance).castTo(org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber().longValue();
        List<Integer> zeroInputs;
        List<Integer> zeroUnits;
        if (w.rank() == 2) {
            zeroInputs = zeroIndices(abs.max(1).toDoubleVector());
            zeroUnits = zeroIndices(abs.max(0).toDoubleVector());
        } else if (w.rank() == 4) {
            zeroUnits = zeroIndices(abs.max(1, 2, 3).toDoubleVector());
            zeroInputs = zeroIndices(abs.max(0, 2, 3).toDoubleVector());
        } else {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "layer %d: weights of rank %d are not supported (dense rank 2 or convolution rank 4)",
                    layerIndex, w.rank()));
        }
        double l2 = w.norm2Number().doubleValue();
        return new LayerComplexity(layerIndex, layerType, n, w.norm1Number().doubleValue(), l2, nonZero,
                (double) (n - nonZero) / n, (double) below / n, zeroInputs, zeroUnits);
    }

    private static List<Integer> zeroIndices(double[] maxAbs) {
        List<Integer> z = new ArrayList<>();
        for (int i = 0; i < maxAbs.length; i++) {
            if (maxAbs[i] == 0) {
                z.add(i);
            }
        }
        return z;
    }

    /**
     * Effective degrees of freedom of ridge regression, {@code df(λ) = Σᵢ eᵢ / (eᵢ + λ)} over the eigenvalues
     * {@code eᵢ} of {@code XᵀX}, for the objective {@code ‖y − Xw‖² + λ·‖w‖²} (the trace of the hat matrix
     * {@code X(XᵀX + λI)⁻¹Xᵀ}). {@code df(0)} is the rank of X; df falls towards 0 as λ grows.
     *
     * @param x the design matrix {@code [n, p]}
     * @param lambda the ridge strength on that objective's scale, &ge; 0
     * @return the effective degrees of freedom, in [0, p]
     */
    public static double ridgeDegreesOfFreedom(INDArray x, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, found " + lambda);
        }
        INDArray gram = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).transpose().mmul(
                x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
        double[] eig = Eigen.symmetricGeneralizedEigenvalues(gram, true).toDoubleVector();
        double df = 0;
        for (double e : eig) {
            double ev = Math.max(e, 0);
            df += lambda == 0 ? (ev > 1e-12 * Math.abs(eig[eig.length - 1]) ? 1 : 0) : ev / (ev + lambda);
        }
        return df;
    }

    /**
     * Converts a DL4J L2 strength to the ridge λ of {@link #ridgeDegreesOfFreedom}: DL4J with an MSE loss on one
     * output minimizes {@code (1/n)‖y − Xw‖² + 0.5·l2·‖w‖²}, which is {@code 1/n} times
     * {@code ‖y − Xw‖² + (n·l2/2)·‖w‖²}.
     *
     * @param l2 DL4J's L2 strength (this project's {@code Regularizers.l2})
     * @param n the number of training examples
     * @return {@code n·l2/2}
     */
    public static double ridgeLambdaFromDl4jL2(double l2, long n) {
        return n * l2 / 2;
    }
}
