package io.github.reglab.core.regularization;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The proximal operators of the group lasso penalty {@code τ_g·‖w_g‖₂} on a matrix with one group a row: block
 * soft-thresholding with one step size per group ({@link #shrinkRows}), and its form in a diagonal metric, one step
 * size per element ({@link #preconditionedProx}), which the adaptive step uses.
 */
final class BlockProximal {

    private BlockProximal() {
    }

    /**
     * Block soft-thresholding in place: row g of {@code v} becomes {@code max(0, 1 − t·a_g/‖v_g‖)·v_g}, exactly 0 when
     * {@code ‖v_g‖ ≤ t·a_g}.
     *
     * @param v the point, one group per row; overwritten
     * @param t the threshold {@code lr·λ·c_g}
     * @param factors the per-group factors {@code a_g} as a column, or null for all 1
     */
    static void shrinkRows(INDArray v, double t, INDArray factors) {
        // a zero group gets a huge negative value, so factor 0
        INDArray threshold = inverseNorms(v).muli(-t);
        INDArray factor = (factors == null ? threshold : threshold.muli(factors)).addi(1);
        Transforms.max(factor, 0.0, false);
        v.muliColumnVector(factor);
    }

    /**
     * The block soft-thresholding of each row of {@code v} in the diagonal metric {@code 1/s}: per group,
     * {@code argmin_w Σ_i (w_i − v_i)²/(2·s_i) + τ·‖w‖}. The group is 0 when {@code ‖(v_i/s_i)_i‖ ≤ τ}; otherwise
     * {@code w_i = v_i·r/(r + s_i·τ)} with {@code r = ‖w‖} the root on {@code (0, ‖v‖)} of
     * {@code Σ_i (v_i/(r + s_i·τ))² = 1}. The root is found by Newton's method on the nearly linear
     * {@code 1/‖q(r)‖ − 1} (exactly linear when the {@code s_i} are equal), safeguarded by bisection inside the
     * bracket, so it converges in a few iterations where bisection alone took about 50. With equal {@code s_i = lr}
     * the result is {@code v·max(0, 1 − lr·τ/‖v‖)}, the plain proximal step.
     *
     * @param v the point, one group per row
     * @param s the step sizes, shaped like v
     * @param tauPerGroup each group's penalty weight {@code λ·c_g·a_g}, one per row of v
     * @return the proximal point, shaped like v
     */
    static INDArray preconditionedProx(INDArray v, INDArray s, double[] tauPerGroup) {
        double[][] vv = v.toDoubleMatrix();
        double[][] ss = s.toDoubleMatrix();
        double[][] out = new double[vv.length][];
        for (int gi = 0; gi < vv.length; gi++) {
            out[gi] = groupProx(vv[gi], ss[gi], tauPerGroup[gi]);
        }
        return Nd4j.create(out).castTo(v.dataType());
    }

    /** {@link #preconditionedProx} of one group. */
    static double[] groupProx(double[] x, double[] st, double tau) {
        double scaled = 0;
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            scaled += (x[i] / st[i]) * (x[i] / st[i]);
            norm += x[i] * x[i];
        }
        double[] out = new double[x.length];
        if (Math.sqrt(scaled) <= tau) {
            return out; // the whole group is exactly 0
        }
        double r = rootOfNormEquation(x, st, tau, Math.sqrt(norm));
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * r / (r + st[i] * tau);
        }
        return out;
    }

    /**
     * The root r in {@code (0, hi)} of {@code g(r) = 1/‖q(r)‖ − 1}, {@code q_i = x_i/(r + s_i·τ)}; g rises from
     * below 0 at r = 0 to above 0 at {@code hi = ‖x‖}, with {@code g'(r) = Σ q_i²/(r + s_i·τ) / ‖q‖³}.
     */
    private static double rootOfNormEquation(double[] x, double[] st, double tau, double hi) {
        double lo = 0;
        double r = 0;
        for (int it = 0; it < 100; it++) {
            double q2 = 0;
            double q3 = 0;
            for (int i = 0; i < x.length; i++) {
                double d = r + st[i] * tau;
                double q = x[i] / d;
                q2 += q * q;
                q3 += q * q / d;
            }
            double h = Math.sqrt(q2);
            double g = 1 / h - 1;
            if (g < 0) {
                lo = r;
            } else {
                hi = r;
            }
            double next = r - g / (q3 / (h * q2));
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi); // Newton left the bracket: bisect
            }
            if (Math.abs(next - r) <= 1e-15 * Math.max(1, next)) {
                return next;
            }
            r = next;
        }
        return r;
    }

    /**
     * Floor for group norms before inverting: 1/TINY must stay finite in float (1e30 &lt; 3.4e38), so that a zero
     * group's 0 · (1/TINY) is 0, not NaN.
     */
    private static final double TINY = 1e-30;

    /**
     * Returns 1/max(‖row‖, TINY) as a column vector (a zero row gets a large finite value).
     *
     * @param rows one group per row
     * @return {@code [rows, 1]}
     */
    static INDArray inverseNorms(INDArray rows) {
        INDArray norms = rows.norm2(1).reshape(rows.rows(), 1);
        return Transforms.max(norms, TINY, false).rdivi(1.0);
    }
}
