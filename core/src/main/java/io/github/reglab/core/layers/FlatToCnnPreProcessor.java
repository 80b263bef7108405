package io.github.reglab.core.layers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Turns flat images {@code [minibatch, height·width·channels]} into 4-D convolution input in either layout: DL4J's
 * {@code FeedForwardToCnnPreProcessor} with an NHWC form, which DL4J 1.0.0-M2.1 lacks. Each row holds one image in the
 * order of {@link #format()} (channel-first {@code c, y, x} for NCHW, interleaved {@code y, x, c} for NHWC), so the
 * reshape is a view and the backward pass reshapes the gradient back; no values are copied. For one channel the two
 * orders are the same bytes.
 *
 * <pre>{@code
 * .inputPreProcessor(0, new FlatToCnnPreProcessor(28, 28, 1, CNN2DFormat.NHWC))
 * .setInputType(InputType.convolutionalFlat(28, 28, 1))
 * }</pre>
 */
public final class FlatToCnnPreProcessor implements InputPreProcessor {

    private static final long serialVersionUID = 1L;

    /** Image height. */
    private final long height;
    /** Image width. */
    private final long width;
    /** Channels. */
    private final long channels;
    /** The layout of the rows and of the output. */
    private final CNN2DFormat format;

    /**
     * Creates the preprocessor.
     *
     * @param height image height, &ge; 1
     * @param width image width, &ge; 1
     * @param channels channels, &ge; 1
     * @param format the layout of the rows and of the output; null reads as NCHW (DL4J's default)
     */
    @JsonCreator
    public FlatToCnnPreProcessor(@JsonProperty("height") long height, @JsonProperty("width") long width,
            @JsonProperty("channels") long channels, @JsonProperty("format") CNN2DFormat format) {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "image shape must be positive, found height %d, width %d, channels %d", height, width, channels));
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.format = format == null ? CNN2DFormat.NCHW : format;
    }

    /**
     * Returns the image height.
     *
     * @return image height
     */
    @JsonProperty("height")
    public long height() {
        return height;
    }

    /**
     * Returns the image width.
     *
     * @return image width
     */
    @JsonProperty("width")
    public long width() {
        return width;
    }

    /**
     * Returns the number of channels.
     *
     * @return channels
     */
    @JsonProperty("channels")
    public long channels() {
        return channels;
    }

    /**
     * Returns the layout of the rows and of the output.
     *
     * @return the layout of the rows and of the output
     */
    @JsonProperty("format")
    public CNN2DFormat format() {
        return format;
    }

    private long[] shape(long minibatch) {
        return format == CNN2DFormat.NCHW ? new long[] {minibatch, channels, height, width}
                : new long[] {minibatch, height, width, channels};
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() == 4) {
            long[] expected = shape(input.size(0));
            if (!Arrays.equals(input.shape(), expected)) {
                throw new IllegalArgumentException("4-D input of shape " + Arrays.toString(input.shape())
                        + " does not match " + format + " " + Arrays.toString(expected));
            }
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
        }
        if (input.rank() != 2 || input.columns() != height * width * channels) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "expected flat images [minibatch, %d] (%dx%dx%d, %s order), found %s", height * width * channels,
                    height, width, channels, format, Arrays.toString(input.shape())));
        }
        INDArray in = input;
        if (in.ordering() != 'c' || !Shape.hasDefaultStridesForShape(in)) {
            in = workspaceMgr.dup(ArrayType.ACTIVATIONS, in, 'c');
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, in.reshape('c', shape(in.size(0))));
    }

    @Override
    public INDArray backprop(INDArray epsilons, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray e = epsilons;
        if (e.ordering() != 'c' || !Shape.hasDefaultStridesForShape(e)) {
            e = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, e, 'c');
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, e.reshape('c', e.size(0),
                height * width * channels));
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        long size;
        switch (inputType.getType()) {
            case FF:
                size = ((InputType.InputTypeFeedForward) inputType).getSize();
                break;
            case CNNFlat:
                InputType.InputTypeConvolutionalFlat f = (InputType.InputTypeConvolutionalFlat) inputType;
                if (f.getHeight() != height || f.getWidth() != width || f.getDepth() != channels) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "input type %s does not match "
                            + "this preprocessor's %dx%dx%d", inputType, height, width, channels));
                }
                size = f.getFlattenedSize();
                break;
            default:
                throw new IllegalStateException("expected a flat (feed-forward or convolutionalFlat) input type, found "
                        + inputType);
        }
        if (size != height * width * channels) {
            throw new IllegalStateException(String.format(Locale.ROOT, "input size %d is not %dx%dx%d", size, height,
                    width, channels));
        }
        return InputType.convolutional(height, width, channels, format);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public FlatToCnnPreProcessor clone() {
        return new FlatToCnnPreProcessor(height, width, channels, format);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlatToCnnPreProcessor p && p.height == height && p.width == width
                && p.channels == channels && p.format == format;
    }

    @Override
    public int hashCode() {
        return Objects.hash(height, width, channels, format);
    }

    @Override
    public String toString() {
        return "FlatToCnnPreProcessor(" + height + "x" + width + "x" + channels + ", " + format + ")";
    }
}
