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
     * Soft-thresholding, the proximal operator of {@code t·‖v‖₁}: {@code sign(v)·max(|v| − t, 0)}.
     *
     * @param v the point; not modified
     * @param t the threshold, &ge; 0
     * @return a new array
     */
    static INDArray softThreshold(INDArray v, double t) {
        if (t == 0) {
            return v.dup();
        }
        INDArray mag = Transforms.abs(v, true).subi(t);
        Transforms.relu(mag, false);
        return mag.muli(Transforms.sign(v, true));
    }
}
