package io.github.reglab.core.layers;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalization (Ioffe &amp; Szegedy, 2015) whose forward and backward passes are libnd4j's fused custom ops
 * ({@code moments}, {@code batchnorm}, {@code batchnorm_bp}; oneDNN serves the last two where the natives have it).
 * It is DL4J's {@link BatchNormalization} configuration (same parameters {@code gamma, beta, mean, var}, same
 * defaults, same running-statistics rule {@code running = decay·running + (1 − decay)·batch} with the biased batch
 * variance, same JSON fields), so it goes into any {@code MultiLayerNetwork} or {@code ComputationGraph} where DL4J's
 * layer would; only the implementation differs: about a third of the native operations per training step.
 *
 * <p>Input: 2-D {@code [minibatch, features]} (dense layers) or 4-D convolution activations in the layout of
 * {@link Builder#dataFormat} (NCHW or NHWC). Running variance is stored as variance (DL4J's
 * {@code useLogStd = false}); {@code lockGammaBeta} is not supported.
 *
 * <pre>{@code
 * .layer(new DenseLayer.Builder().nIn(30).nOut(64).activation(Activation.IDENTITY).build())
 * .layer(FusedBatchNormalization.builder().nOut(64).build())
 * }</pre>
 */
public class FusedBatchNormalization extends BatchNormalization {

    private static final long serialVersionUID = 1L;

    /** For JSON: DL4J's defaults (decay 0.9, eps 1e-5, NCHW), variance stored as variance. */
    public FusedBatchNormalization() {
        super();
        // the field, not its setter: a call of an overridable method here would let 'this' escape (javac 21+ lint)
        this.useLogStd = false;
    }

    /**
     * Always false: this layer stores the running variance as variance.
     *
     * @return false
     */
    @Override
    public boolean isUseLogStd() {
        return false;
    }

    /**
     * Ignored: this layer stores the running variance as variance. (DL4J's JSON reader sets this flag from the
     * configuration's variable list, which is empty until a network is initialized, and would otherwise turn a
     * configuration read back into the log-std form.)
     *
     * @param useLogStd ignored
     */
    @Override
    public void setUseLogStd(boolean useLogStd) {
        super.setUseLogStd(false);
    }

    /**
     * Starts a configuration.
     *
     * @return a builder with DL4J's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        if (getNOut() <= 0) {
            throw new IllegalStateException(String.format(Locale.ROOT, "FusedBatchNormalization (layer %d%s) has no "
                    + "nOut: set it in the builder or give the network an input type", layerIndex,
                    getLayerName() == null ? "" : ", " + getLayerName()));
        }
        if (isLockGammaBeta()) {
            throw new IllegalStateException("FusedBatchNormalization does not support lockGammaBeta (layer "
                    + layerIndex + ")");
        }
        FusedBatchNormalizationLayer ret = new FusedBatchNormalizationLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    @Override
    public ParamInitializer initializer() {
        return BatchNormalizationParamInitializer.getInstance();
    }

    @Override
    public FusedBatchNormalization clone() {
        return (FusedBatchNormalization) super.clone();
    }

    /** Builds a {@link FusedBatchNormalization}. */
    public static final class Builder {
        private long nOut;
        private double decay = 0.9;
        private double eps = 1e-5;
        private CNN2DFormat format = CNN2DFormat.NCHW;
        private String name;

        private Builder() {
        }

        /**
         * Sets the number of features (dense input) or channels (convolution input). May be left out when the
         * network is given an input type.
         *
         * @param n features or channels, &ge; 1
         * @return this
         */
        public Builder nOut(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("nOut must be >= 1, found " + n);
            }
            this.nOut = n;
            return this;
        }

        /**
         * Sets the decay of the running statistics.
         *
         * @param d in [0, 1); DL4J's and this layer's default 0.9 (PyTorch's momentum 0.1)
         * @return this
         */
        public Builder decay(double d) {
            if (!(d >= 0 && d < 1)) {
                throw new IllegalArgumentException("decay must be in [0, 1), found " + d);
            }
            this.decay = d;
            return this;
        }

        /**
         * Sets the variance epsilon.
         *
         * @param e finite and &gt; 0; default 1e-5
         * @return this
         */
        public Builder eps(double e) {
            if (!(e > 0 && Double.isFinite(e))) {
                throw new IllegalArgumentException("eps must be finite and > 0, found " + e);
            }
            this.eps = e;
            return this;
        }

        /**
         * Sets the layout of 4-D input.
         *
         * @param f NCHW (default) or NHWC
         * @return this
         */
        public Builder dataFormat(CNN2DFormat f) {
            this.format = Objects.requireNonNull(f, "dataFormat");
            return this;
        }

        /**
         * Names the layer.
         *
         * @param layerName the name
         * @return this
         */
        public Builder name(String layerName) {
            this.name = layerName;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public FusedBatchNormalization build() {
            FusedBatchNormalization c = new FusedBatchNormalization();
            c.setDecay(decay);
            c.setEps(eps);
            c.setCnn2DFormat(format);
            if (nOut > 0) {
                c.setNIn(nOut);
                c.setNOut(nOut);
            }
            if (name != null) {
                c.setLayerName(name);
            }
            return c;
        }
    }
}
