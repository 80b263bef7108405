package io.github.reglab.core.layers;

import java.util.Locale;
import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Spatial dropout of whole feature maps (Tompson et al. 2015, "Efficient Object Localization Using Convolutional
 * Networks"; PyTorch's {@code Dropout2d}, Keras's {@code SpatialDropout2D}) in either image layout: for each example
 * each channel is kept with probability {@code p} and scaled by {@code 1/p}, or zeroed, at every pixel. Neighbouring
 * pixels of a feature map are strongly correlated, so dropping single activations (plain dropout) barely regularizes
 * a convolution; dropping whole maps does.
 *
 * <p>DL4J's own {@code SpatialDropout} draws its mask over dimension 1, the channels only in NCHW; on NHWC
 * activations it would drop rows of pixels instead. This one draws a {@code [n, C]} mask with ND4J's
 * {@code DropOutInverted}, as DL4J's does, and broadcasts it over the channel dimension of the layout given. Use it as
 * a {@code DropoutLayer}'s dropout or as a layer's input dropout:
 * {@code new DropoutLayer.Builder().dropOut(ChannelDropout.ofDropRate(0.1, CNN2DFormat.NHWC))}. Serialized in DL4J's
 * JSON with its retain probability and layout.
 */
@JsonIgnoreProperties({"mask"})
public final class ChannelDropout implements IDropout {

    private static final long serialVersionUID = 1L;

    /** The probability of retaining a feature map, DL4J's {@code p}. */
    @JsonProperty("p")
    private final double p;
    /** The layout of the activations. */
    @JsonProperty("format")
    private final CNN2DFormat format;
    /** The last training forward pass's mask {@code [n, C]} of 0 and 1/p, for the backward pass. */
    private transient INDArray mask;

    /**
     * Creates the dropout with DL4J's convention: the probability of <em>retaining</em> a feature map.
     *
     * @param p the retain probability, in (0, 1]
     * @param format the layout of the activations it applies to
     * @throws IllegalArgumentException when p is outside (0, 1]
     */
    @JsonCreator
    public ChannelDropout(@JsonProperty("p") double p, @JsonProperty("format") CNN2DFormat format) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the retain probability of channel dropout "
                    + "must be in (0, 1], found %s", p));
        }
        this.p = p;
        this.format = Objects.requireNonNull(format, "format");
    }

    /**
     * Creates the dropout from the probability of dropping a feature map (PyTorch's and Keras's {@code p}).
     *
     * @param dropRate the drop probability, in [0, 1)
     * @param format the layout of the activations it applies to
     * @return the dropout
     * @throws IllegalArgumentException when the rate is outside [0, 1)
     */
    public static ChannelDropout ofDropRate(double dropRate, CNN2DFormat format) {
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the drop rate of channel dropout must be "
                    + "in [0, 1), found %s", dropRate));
        }
        return new ChannelDropout(1 - dropRate, format);
    }

    /**
     * Returns the retain probability.
     *
     * @return p
     */
    public double p() {
        return p;
    }

    /**
     * Returns the layout.
     *
     * @return NCHW or NHWC
     */
    public CNN2DFormat format() {
        return format;
    }

    private int channelDimension() {
        return format == CNN2DFormat.NHWC ? 3 : 1;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray output, int iteration, int epoch,
            LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("channel dropout applies to 4-D image activations, found rank "
                    + input.rank() + " " + java.util.Arrays.toString(input.shape()));
        }
        int c = channelDimension();
        mask = workspaceMgr.createUninitialized(ArrayType.INPUT, input.dataType(), input.size(0), input.size(c))
                .assign(1.0);
        Nd4j.getExecutioner().exec(new DropOutInverted(mask, mask, p));
        Broadcast.mul(input, mask, output, 0, c);
        return output;
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (mask == null) {
            throw new IllegalStateException("channel dropout: backprop without a forward pass in training mode");
        }
        // the mask holds 0 or 1/p: dL/dIn = dL/dOut · mask
        Broadcast.mul(gradAtOutput, mask, gradAtInput, 0, channelDimension());
        mask = null;
        return gradAtInput;
    }

    @Override
    public void clear() {
        mask = null;
    }

    @Override
    public IDropout clone() {
        return new ChannelDropout(p, format);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelDropout d && d.p == p && d.format == format;
    }

    @Override
    public int hashCode() {
        return Objects.hash(p, format);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ChannelDropout(p=%s, %s)", p, format);
    }
}
