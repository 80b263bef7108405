package io.github.reglab.core.regularization;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Proximal operators shared by the proximal regularizers. Package-private.
 */
final class Proximal {

    private Proximal() {
    }

    /**
     * Soft-thresholding with a threshold per element: {@code v − clip(v, −t, t)} element by element.
     *
     * @param v the point; overwritten with the result
     * @param t the thresholds, shaped like v, each &ge; 0
     * @return v
     */
    static INDArray softThreshold(INDArray v, INDArray t) {
        INDArray clipped = Transforms.min(Transforms.max(v, t.neg(), true), t, false);
        return v.subi(clipped);
    }

    /**
     * Soft-thresholding, the proximal operator of {@code t·‖v‖₁}: {@code sign(v)·max(|v| − t, 0)}, computed as
     * {@code v − clip(v, −t, t)} (three element-wise ops), which is exactly 0 where {@code |v| ≤ t}.
     *
     * @param v the point; overwritten with the result
     * @param t the threshold, &ge; 0
     * @return v
     */
    static INDArray softThreshold(INDArray v, double t) {
        if (t == 0) {
            return v;
        }
        INDArray clipped = Transforms.min(Transforms.max(v, -t, true), t, false);
        return v.subi(clipped);
    }
}
