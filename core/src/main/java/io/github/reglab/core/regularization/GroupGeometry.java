package io.github.reglab.core.regularization;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the groups of a {@link GroupLasso} lie in a layer's weight: rows of a dense {@code W[nIn, nOut]}, its
 * columns, or the filters of a convolution {@code W[nOut, nIn, kH, kW]}. DL4J does not tell a regularizer the shape
 * of the parameter it gets (it passes a flattened view: dense weights column-major, convolution weights row-major),
 * so the shape is part of the configuration and every view checks it against the parameter's length.
 *
 * @param groups what forms a group
 * @param weightShape the layer's weight shape (not copied: {@link GroupLasso} owns it)
 */
record GroupGeometry(GroupLasso.Groups groups, long[] weightShape) {

    /**
     * Checks that a weight shape suits a grouping.
     *
     * @param groups what forms a group
     * @param weightShape {@code [nIn, nOut]} for dense groups, {@code [nOut, nIn, kH, kW]} for filters
     * @return a copy of the shape
     * @throws IllegalArgumentException naming the rank or the dimension that is wrong
     */
    static long[] check(GroupLasso.Groups groups, long[] weightShape) {
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(weightShape, "weightShape");
        int rank = groups == GroupLasso.Groups.FILTERS ? 4 : 2;
        if (weightShape.length != rank) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "group lasso by %s needs a weight shape of rank %d (%s), found %s", groups, rank,
                    rank == 2 ? "[nIn, nOut]" : "[nOut, nIn, kH, kW]", Arrays.toString(weightShape)));
        }
        for (long d : weightShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("every dimension of weightShape must be >= 1, found "
                        + Arrays.toString(weightShape));
            }
        }
        return weightShape.clone();
    }

    /**
     * Returns the number of groups.
     *
     * @return rows, columns or filters of the weight
     */
    long groupCount() {
        return groups == GroupLasso.Groups.OUTPUT_NEURONS ? weightShape[1] : weightShape[0];
    }

    /**
     * Returns the number of weights in the layer.
     *
     * @return the product of the shape
     */
    long length() {
        long n = 1;
        for (long d : weightShape) {
            n *= d;
        }
        return n;
    }

    /**
     * Views a parameter (DL4J's flattened view or the shaped array) as a matrix with one group a row. For a
     * flattened parameter the result is a view, so writes reach the original.
     *
     * @param p the weight parameter or its gradient/update
     * @return {@code [groupCount, groupSize]}
     * @throws IllegalArgumentException when the parameter's length is not the configured shape's
     */
    INDArray rows(INDArray p) {
        if (p.length() != length()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "group lasso was configured for a weight of shape %s (%d values) but the layer's weight has %d "
                            + "values (shape %s): build it with the layer's own %s", Arrays.toString(weightShape),
                    length(), p.length(), Arrays.toString(p.shape()),
                    groups == GroupLasso.Groups.FILTERS ? "nOut, nIn, kH, kW" : "nIn and nOut"));
        }
        boolean flat = p.rank() == 1 || (p.rank() == 2 && p.rows() == 1 && weightShape[0] != 1);
        switch (groups) {
            case INPUT_FEATURES:
                return flat ? p.reshape('f', weightShape[0], weightShape[1]) : p;
            case OUTPUT_NEURONS:
                return (flat ? p.reshape('f', weightShape[0], weightShape[1]) : p).transpose();
            case FILTERS:
                return p.reshape('c', weightShape[0], length() / weightShape[0]);
            default:
                throw new IllegalStateException("unknown groups " + groups);
        }
    }
}
