package io.github.reglab.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.github.reglab.core.train.ShuffledMinibatches;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class BatchMixingTest {

    private static final int C = 2;
    private static final int H = 6;
    private static final int W = 5;

    /** Rows whose every value is distinct, so a wrong source pixel cannot go unnoticed. */
    private static INDArray rows(int n, int d) {
        return Nd4j.linspace(DataType.DOUBLE, 1, n * d, 1).reshape(n, d);
    }

    private static INDArray oneHot(int n, int k) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, k);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % k, 1);
        }
        return y;
    }

    /**
     * The Beta(α, α) sampler against the closed forms: mean 1/2, variance 1/(4(2α + 1)). 200,000 draws: the
     * standard error of the mean is at most √(1/4/200000) ≈ 0.0011, so 0.005 is over 4 standard errors; the
     * variance's tolerance is 3 % relative (its standard error is under 1 % for these α).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 1.0, 2.5})
    void betaDrawsHaveTheClosedFormMoments(double alpha) {
        SplittableRandom r = new SplittableRandom(7);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double b = BatchMixing.beta(r, alpha);
            assertTrue(b >= 0 && b <= 1, "draw " + b);
            sum += b;
            sumSq += b * b;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        assertEquals(0.5, mean, 0.005, "mean");
        double expected = 1 / (4 * (2 * alpha + 1));
        assertEquals(expected, variance, 0.03 * expected, "variance");
    }

    /** Mixup is λ·x + (1 − λ)·x[π] and λ·y + (1 − λ)·y[π], with the λ and π the draw reports. */
    @Test
    void mixupIsTheConvexCombinationWithThePartner() {
        BatchMixing m = BatchMixing.mixup(0.4, 1, 3);
        INDArray x = rows(8, 4);
        INDArray y = oneHot(8, 3);
        INDArray xBefore = x.dup();
        DataSet out = m.apply(x, y, 2, 5);
        BatchMixing.Draw d = m.draw(8, 2, 5);
        assertTrue(d.mixed());
        for (int i = 0; i < 8; i++) {
            int j = d.partner()[i];
            for (int c = 0; c < 4; c++) {
                assertEquals(d.lambda() * x.getDouble(i, c) + (1 - d.lambda()) * x.getDouble(j, c),
                        out.getFeatures().getDouble(i, c), 1e-12);
            }
            for (int k = 0; k < 3; k++) {
                assertEquals(d.lambda() * y.getDouble(i, k) + (1 - d.lambda()) * y.getDouble(j, k),
                        out.getLabels().getDouble(i, k), 1e-12);
            }
            assertEquals(1, out.getLabels().getRow(i).sumNumber().doubleValue(), 1e-12, "labels still sum to 1");
        }
        assertEquals(xBefore, x, "the input is not modified");
    }

    /** CutMix: inside the box every pixel is the partner's, outside the row's own; labels weighted by the area kept. */
    @ParameterizedTest
    @ValueSource(strings = {"NCHW", "NHWC"})
    void cutmixPastesThePartnersBoxAndWeighsLabelsByArea(String layout) {
        CNN2DFormat f = CNN2DFormat.valueOf(layout);
        INDArray x = rows(6, C * H * W);
        INDArray y = oneHot(6, 4);
        boolean sawBox = false;
        for (long batch = 0; batch < 20; batch++) {
            BatchMixing m = BatchMixing.cutmix(1.0, 1, 11, C, H, W, f);
            BatchMixing.Draw d = m.draw(6, 0, batch);
            DataSet out = m.apply(x, y, 0, batch);
            int area = (d.bottom() - d.top()) * (d.right() - d.left());
            sawBox |= area > 0 && area < H * W;
            for (int i = 0; i < 6; i++) {
                int j = d.partner()[i];
                for (int c = 0; c < C; c++) {
                    for (int h = 0; h < H; h++) {
                        for (int w = 0; w < W; w++) {
                            int col = f == CNN2DFormat.NCHW ? (c * H + h) * W + w : (h * W + w) * C + c;
                            boolean inside = h >= d.top() && h < d.bottom() && w >= d.left() && w < d.right();
                            assertEquals(x.getDouble(inside ? j : i, col), out.getFeatures().getDouble(i, col), 0.0);
                        }
                    }
                }
                double kept = 1 - (double) area / (H * W);
                for (int k = 0; k < 4; k++) {
                    assertEquals(kept * y.getDouble(i, k) + (1 - kept) * y.getDouble(j, k),
                            out.getLabels().getDouble(i, k), 1e-12);
                }
            }
        }
        assertTrue(sawBox, "some draws paste a box inside the image");
    }

    /** The same seed, epoch and position draw the same; another epoch or position draws anew. */
    @Test
    void drawsAreSeededByEpochAndPosition() {
        BatchMixing m = BatchMixing.mixup(1, 1, 5);
        assertEquals(m.draw(16, 3, 2).lambda(), BatchMixing.mixup(1, 1, 5).draw(16, 3, 2).lambda(), 0.0);
        assertNotEquals(m.draw(16, 3, 2).lambda(), m.draw(16, 4, 2).lambda());
        assertNotEquals(m.draw(16, 3, 2).lambda(), m.draw(16, 3, 1).lambda());
    }

    /** With probability p a minibatch is mixed (1,000 minibatches at p = 0.3: 3 standard deviations ≈ 0.043). */
    @Test
    void aMinibatchIsMixedWithTheGivenProbability() {
        BatchMixing m = BatchMixing.mixup(1, 0.3, 9);
        int mixed = 0;
        for (int b = 0; b < 1000; b++) {
            mixed += m.draw(4, 0, b).mixed() ? 1 : 0;
        }
        assertEquals(0.3, mixed / 1000.0, 0.045);
        INDArray x = rows(4, 3);
        INDArray y = oneHot(4, 2);
        DataSet untouched = BatchMixing.mixup(1, 0, 9).apply(x, y, 0, 0);
        assertSame(x, untouched.getFeatures());
        assertSame(y, untouched.getLabels());
    }

    /** The iterator mixes its training minibatches; the draw follows the minibatch's position in the epoch. */
    @Test
    void shuffledMinibatchesMixEveryMinibatch() {
        DataSet data = new DataSet(rows(12, 3).castTo(DataType.FLOAT), oneHot(12, 2).castTo(DataType.FLOAT));
        ShuffledMinibatches plain = new ShuffledMinibatches(data, 4, 1L);
        ShuffledMinibatches mixed = new ShuffledMinibatches(data, 4, 1L);
        BatchMixing m = BatchMixing.mixup(1, 1, 2);
        mixed.setMixing(m);
        mixed.setEpoch(1);
        plain.setEpoch(1);
        for (int b = 0; b < 3; b++) {
            DataSet p = plain.next();
            DataSet expected = m.apply(p.getFeatures(), p.getLabels(), 1, b);
            DataSet got = mixed.next();
            assertEquals(expected.getFeatures(), got.getFeatures());
            assertEquals(expected.getLabels(), got.getLabels());
        }
    }

    @Test
    void badSettingsNameTheParameter() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> BatchMixing.mixup(0, 1, 1));
        assertTrue(a.getMessage().contains("alpha"), a.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> BatchMixing.cutmix(1, 1.5, 1, 1, 4, 4, CNN2DFormat.NCHW));
        assertTrue(p.getMessage().contains("probability"), p.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> BatchMixing.cutmix(1, 1, 1, 1, 4, 4, CNN2DFormat.NCHW).apply(rows(2, 15), oneHot(2, 2), 0, 0));
        assertTrue(rows.getMessage().contains("16 values"), rows.getMessage());
    }
}
