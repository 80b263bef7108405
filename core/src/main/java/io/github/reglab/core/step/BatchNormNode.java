package io.github.reglab.core.step;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Batch normalization with {@code FusedBatchNormalization}'s semantics: libnd4j's {@code moments} and
 * {@code batchnorm} forward; the running statistics' "gradient" {@code (1 − decay)·(running − batch)}, which the
 * no-op updater subtracts (DL4J's rule); and the backward pass either by libnd4j's {@code batchnorm_bp} or composed
 * ({@link BatchNormBackward#COMPOSED}) over the {@code [M, C]} view of channel-last input (M = N·H·W, or N for
 * dense input), with {@code x̂ = (x − μ)/σ}, {@code k = γ/σ}:
 * <pre>
 *   dβ = Σ_rows dy,   dγ = Σ_rows dy ⊙ x̂,   dx = k ⊙ dy − k·dβ/M − x̂ ⊙ (k·dγ/M)
 * </pre>
 * the row sums as matrix products with a ones row, x̂ by {@code batchnorm} with γ = 1 and β = 0, and k by
 * {@code batchnorm} of the row μ + 1 (which is exactly {@code γ/√(σ² + ε)}), so every step is a bound operation.
 */
final class BatchNormNode extends Node {

    private final INDArray gamma;
    private final INDArray beta;
    private final INDArray dGamma;
    private final INDArray dBeta;
    private final INDArray runningStats;
    private final INDArray runningStatsGradient;
    private final double eps;
    private final int channels;
    private final int axis;
    private final int[] reduceDims;
    private final boolean composed;
    private final INDArray batchStats;
    private final INDArray batchMean;
    private final INDArray batchVar;
    private final INDArray scratchMean;
    private final INDArray scratchVar;
    private final INDArray unitGamma;
    private final INDArray zeroBeta;
    private final INDArray meanPlusOne;
    private final INDArray scale;
    private final INDArray scaleOverM;
    private final INDArray rowVector;
    private final INDArray one;
    private final INDArray keep;
    private final Slab out;
    private final Slab dx;
    private final Slab xhat;
    private final Slab tmp;
    private final Slab ones;
    private Bound last;

    /**
     * Creates the node over the layer's parameter and gradient views.
     *
     * @param name for messages
     * @param params the layer's flat parameters: gamma, beta, running mean, running variance (C each)
     * @param gradients the layer's flat gradients, in the same order
     * @param decay the running statistics' decay
     * @param eps the variance epsilon
     * @param format the layout of 4-D input
     * @param perExample the input's per-example shape ({@code [C]} dense, or three axes)
     * @param mode how the backward pass is computed (NCHW input always uses libnd4j's)
     * @param type the network's data type
     */
    @SuppressWarnings("try") // the scope is what matters: the buffers outlive every workspace
    BatchNormNode(String name, INDArray params, INDArray gradients, double decay, double eps, CNN2DFormat format,
            long[] perExample, BatchNormBackward mode, DataType type) {
        super(name);
        boolean image = perExample.length == 3;
        this.axis = image && format == CNN2DFormat.NHWC ? 3 : 1;
        this.channels = (int) perExample[axis - 1];
        this.reduceDims = !image ? new int[] {0} : axis == 1 ? new int[] {0, 2, 3} : new int[] {0, 1, 2};
        INDArray p = params.reshape(params.length());
        INDArray g = gradients.reshape(gradients.length());
        this.gamma = p.get(NDArrayIndex.interval(0, channels));
        this.beta = p.get(NDArrayIndex.interval(channels, 2 * channels));
        this.runningStats = p.get(NDArrayIndex.interval(2 * channels, 4 * channels));
        this.dGamma = g.get(NDArrayIndex.interval(0, channels));
        this.dBeta = g.get(NDArrayIndex.interval(channels, 2 * channels));
        this.runningStatsGradient = g.get(NDArrayIndex.interval(2 * channels, 4 * channels));
        this.eps = eps;
        this.composed = mode == BatchNormBackward.COMPOSED && axis == perExample.length;
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            this.batchStats = Nd4j.createUninitialized(type, 2L * channels);
            this.scratchMean = Nd4j.createUninitialized(type, channels);
            this.scratchVar = Nd4j.createUninitialized(type, channels);
            this.unitGamma = Nd4j.ones(type, channels);
            this.zeroBeta = Nd4j.zeros(type, channels);
            this.meanPlusOne = Nd4j.createUninitialized(type, 1, channels);
            this.scale = Nd4j.createUninitialized(type, 1, channels);
            this.scaleOverM = Nd4j.createUninitialized(type, 1, channels);
            this.rowVector = Nd4j.createUninitialized(type, 1, channels);
            this.one = Nd4j.scalar(type, 1.0);
            this.keep = Nd4j.scalar(type, 1 - decay);
        }
        this.batchMean = batchStats.get(NDArrayIndex.interval(0, channels));
        this.batchVar = batchStats.get(NDArrayIndex.interval(channels, 2 * channels));
        this.out = new Slab(type, perExample);
        this.dx = new Slab(type, perExample);
        long rowsPerExample = 1;
        for (int i = 0; i < perExample.length - 1; i++) {
            rowsPerExample *= perExample[i];
        }
        this.xhat = composed ? new Slab(type, perExample) : null;
        this.tmp = composed ? new Slab(type, perExample) : null;
        this.ones = composed ? new Slab(type, rowsPerExample) : null;
    }

    /** The ones row [1, M] for minibatches of n, filled. */
    private INDArray ones(int n, long m) {
        INDArray row = ones.view(n).reshape('c', 1, m);
        row.assign(1.0);
        return row;
    }

    /** A scalar 1/m outside every workspace (a plan's constant). */
    @SuppressWarnings("try") // the scope is what matters: the scalar outlives every workspace
    private INDArray inverse(long m) {
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.scalar(one.dataType(), 1.0 / m);
        }
    }

    /** The operations bound for one minibatch size. */
    private final class Bound extends KeyedPlan {
        final INDArray in;
        final INDArray o;
        final Runnable moments;
        final Runnable normalize;
        INDArray boundDy;
        Runnable[] back;
        INDArray d;

        Bound(INDArray in, StepContext ctx) {
            this.in = in;
            this.o = out.view(ctx.n);
            this.moments = composed ? composedMoments(in, ctx.n) : bind(BoundOp.of("moments").in(in)
                    .out(batchMean, batchVar).ints(reduceDims).bools(false));
            this.normalize = bind(BoundOp.of("batchnorm").in(in, batchMean, batchVar, gamma, beta).out(o)
                    .ints(1, 1, axis).doubles(eps));
        }

        /**
         * μ = 1ᵀ·X/M and σ² = 1ᵀ·(X − μ)²/M over the [M, C] view: two passes like libnd4j's {@code moments}, the
         * sums as matrix products (libnd4j's reduction over the leading axes takes 19 ms on [128, 28, 28, 32], this
         * 2.5 ms).
         */
        private Runnable composedMoments(INDArray in, int n) {
            long m = in.length() / channels;
            INDArray x2 = in.reshape('c', m, channels);
            INDArray onesRow = ones(n, m);
            INDArray invM = inverse(m);
            INDArray meanRow = batchMean.reshape(1, channels);
            INDArray varRow = batchVar.reshape(1, channels);
            INDArray squares = tmp.view(n).reshape('c', m, channels);
            Runnable[] ops = {
                bind(BoundOp.of("matmul").in(onesRow, x2).out(meanRow).ints(0, 0, 0).doubles(1.0, 0.0)),
                bind(BoundOp.of("multiply").in(meanRow, invM).out(meanRow)),
                bind(BoundOp.of("squaredsubtract").in(x2, meanRow).out(squares)),
                bind(BoundOp.of("matmul").in(onesRow, squares).out(varRow).ints(0, 0, 0).doubles(1.0, 0.0)),
                bind(BoundOp.of("multiply").in(varRow, invM).out(varRow))};
            return () -> {
                for (Runnable op : ops) {
                    op.run();
                }
            };
        }

        void bindBackward(INDArray dy, int n) {
            boundDy = dy;
            d = dx.view(n);
            Runnable stats = bind(BoundOp.of("subtract").in(runningStats, batchStats).out(runningStatsGradient));
            Runnable decayed = bind(BoundOp.of("multiply").in(runningStatsGradient, keep).out(runningStatsGradient));
            if (!composed) {
                back = new Runnable[] {bind(BoundOp.of("batchnorm_bp").in(in, batchMean, batchVar, gamma, beta, dy)
                        .out(d, scratchMean, scratchVar, dGamma, dBeta).ints(1, 1, axis).doubles(eps)), stats,
                    decayed};
                return;
            }
            long m = dy.length() / channels;
            INDArray x2 = in.reshape('c', m, channels);
            INDArray dy2 = dy.reshape('c', m, channels);
            INDArray dx2 = d.reshape('c', m, channels);
            INDArray xh = xhat.view(n).reshape('c', m, channels);
            INDArray t = tmp.view(n).reshape('c', m, channels);
            INDArray onesRow = ones(n, m);
            INDArray dBetaRow = dBeta.reshape(1, channels);
            INDArray dGammaRow = dGamma.reshape(1, channels);
            back = new Runnable[] {
                // x̂ = batchnorm with γ = 1, β = 0; k = γ/σ = batchnorm of the row μ + 1
                bind(BoundOp.of("batchnorm").in(in, batchMean, batchVar, unitGamma, zeroBeta)
                        .out(xh.reshape(in.shape())).ints(1, 1, axis).doubles(eps)),
                bind(BoundOp.of("add").in(batchMean.reshape(1, channels), one).out(meanPlusOne)),
                bind(BoundOp.of("batchnorm").in(meanPlusOne, batchMean, batchVar, gamma, zeroBeta).out(scale)
                        .ints(1, 1, 1).doubles(eps)),
                bind(BoundOp.of("multiply").in(scale, inverse(m)).out(scaleOverM)),
                // dβ = 1ᵀ·dy, dγ = 1ᵀ·(dy ⊙ x̂)
                bind(BoundOp.of("matmul").in(onesRow, dy2).out(dBetaRow).ints(0, 0, 0).doubles(1.0, 0.0)),
                bind(BoundOp.of("multiply").in(dy2, xh).out(t)),
                bind(BoundOp.of("matmul").in(onesRow, t).out(dGammaRow).ints(0, 0, 0).doubles(1.0, 0.0)),
                // dx = k ⊙ dy − k·dβ/M − x̂ ⊙ (k·dγ/M)
                bind(BoundOp.of("multiply").in(dy2, scale).out(dx2)),
                bind(BoundOp.of("multiply").in(dBetaRow, scaleOverM).out(rowVector)),
                bind(BoundOp.of("subtract").in(dx2, rowVector).out(dx2)),
                bind(BoundOp.of("multiply").in(dGammaRow, scaleOverM).out(rowVector)),
                bind(BoundOp.of("multiply").in(xh, rowVector).out(t)),
                bind(BoundOp.of("subtract").in(dx2, t).out(dx2)),
                stats, decayed};
        }
    }

    /** Inference for one minibatch size: {@code batchnorm} with the running mean and variance. */
    private final class Inference extends KeyedPlan {
        final INDArray o;
        final Runnable normalize;

        Inference(INDArray in, StepContext ctx) {
            this.o = out.view(ctx.n);
            this.normalize = bind(BoundOp.of("batchnorm").in(in, runningStats.get(NDArrayIndex.interval(0, channels)),
                    runningStats.get(NDArrayIndex.interval(channels, 2 * channels)), gamma, beta).out(o)
                    .ints(1, 1, axis).doubles(eps));
        }
    }

    @Override
    INDArray infer(INDArray in, StepContext ctx) {
        Inference p = plan(ctx, in, n -> new Inference(in, ctx));
        p.normalize.run();
        return p.o;
    }

    @Override
    INDArray forward(INDArray in, StepContext ctx) {
        last = plan(ctx, in, n -> new Bound(in, ctx));
        last.moments.run();
        last.normalize.run();
        return last.o;
    }

    @Override
    INDArray backward(INDArray dy, boolean needInputGradient, StepContext ctx) {
        Bound b = last;
        if (b.back == null || b.boundDy != dy) {
            b.bindBackward(dy, ctx.n);
        }
        for (Runnable op : b.back) {
            op.run();
        }
        return needInputGradient ? b.d : null;
    }

    @Override
    boolean hasParameters() {
        return true;
    }

    /** @return the last training forward pass's biased minibatch mean and variance, {@code [2C]} (a view) */
    INDArray batchStatistics() {
        return batchStats;
    }

    /** @return the layer's running mean and variance, {@code [2C]}: a view of the network's parameters */
    INDArray runningStatistics() {
        return runningStats;
    }
}
