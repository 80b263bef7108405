package io.github.reglab.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageAugmenterTest {

    private static final int H = 5;
    private static final int W = 7;

    private static float[] image(long seed, int channels) {
        Random r = new Random(seed);
        float[] v = new float[channels * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    private static float[] run(float[] in, int channels, ImageAugmenter.Draw d) {
        float[] out = new float[in.length];
        ImageAugmenter.transform(in, out, 0, channels, H, W, d);
        return out;
    }

    /** A flip maps (x, y) to (W − 1 − x, y) exactly, in every channel; flipping twice restores the image. */
    @Test
    void flipIsAnExactMirror() {
        float[] in = image(1, 3);
        float[] out = run(in, 3, new ImageAugmenter.Draw(true, 0, 1, 1));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertEquals(in[c * H * W + y * W + x], out[c * H * W + y * W + (W - 1 - x)], 0f);
                }
            }
        }
        assertArrayEquals(in, run(out, 3, new ImageAugmenter.Draw(true, 0, 1, 1)), 0f);
    }

    /** Rotation by 0 with zoom 1 and brightness 1 is the identity, bit for bit. */
    @Test
    void zeroRotationIsTheIdentity() {
        float[] in = image(2, 1);
        assertArrayEquals(in, run(in, 1, new ImageAugmenter.Draw(false, 0, 1, 1)), 0f);
    }

    /**
     * A 90° rotation of a square image moves pixels exactly (up to interpolation rounding): rotating 4 times
     * returns the image within 1e-5.
     */
    @Test
    void quarterTurnsCompose() {
        int side = 5;
        float[] in = new float[side * side];
        Random r = new Random(3);
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextFloat();
        }
        float[] cur = in;
        for (int k = 0; k < 4; k++) {
            float[] out = new float[cur.length];
            ImageAugmenter.transform(cur, out, 0, 1, side, side, new ImageAugmenter.Draw(false, Math.PI / 2, 1, 1));
            cur = out;
        }
        assertArrayEquals(in, cur, 1e-5f);
    }

    /** Brightness multiplies and clips to [0, 1]: 0.8 · 1.5 = 1.2 → 1; 0.2 · 1.5 = 0.3. */
    @Test
    void brightnessIsClipped() {
        float[] in = new float[H * W];
        in[0] = 0.8f;
        in[1] = 0.2f;
        float[] out = run(in, 1, new ImageAugmenter.Draw(false, 0, 1, 1.5));
        assertEquals(1f, out[0], 0f);
        assertEquals(0.3f, out[1], 1e-6f);
        for (float v : run(image(4, 1), 1, new ImageAugmenter.Draw(false, 0.3, 1.2, 3.0))) {
            assertTrue(v >= 0 && v <= 1, "value " + v);
        }
    }

    /** Zoom keeps the output size; zooming in on a constant image keeps its centre value. */
    @Test
    void zoomKeepsShape() {
        float[] in = new float[H * W];
        java.util.Arrays.fill(in, 0.5f);
        float[] out = run(in, 1, new ImageAugmenter.Draw(false, 0, 1.3, 1));
        assertEquals(in.length, out.length);
        assertEquals(0.5f, out[(H / 2) * W + W / 2], 1e-6f);
    }

    /** Same seed, epoch and ids → same images; another epoch → other images; shapes kept. */
    @Test
    void seededAndPerEpoch() {
        INDArray batch = Nd4j.createFromArray(image(5, 1)).reshape(1, H * W).repeat(0, 4);
        long[] ids = {0, 1, 2, 3};
        ImageAugmenter a = new ImageAugmenter(AugmentSpec.standard(), 11);
        INDArray e0 = a.apply(batch, 1, H, W, 0, ids);
        assertArrayEquals(batch.shape(), e0.shape());
        assertEquals(e0, new ImageAugmenter(AugmentSpec.standard(), 11).apply(batch, 1, H, W, 0, ids));
        assertNotEquals(e0, a.apply(batch, 1, H, W, 1, ids));
        assertEquals(batch, new ImageAugmenter(AugmentSpec.none(), 11).apply(batch, 1, H, W, 0, ids));
    }

    /**
     * The layout only changes where each value sits: a 3-channel batch augmented channel-last equals the same batch
     * augmented channel-first, permuted, bit for bit (same draws, same arithmetic per value).
     */
    @Test
    void channelLastIsTheSameTransformPermuted() {
        int n = 4;
        INDArray nchw = Nd4j.createFromArray(image(9, 3 * n)).reshape('c', n, 3, H, W);
        INDArray nhwc = nchw.permute(0, 2, 3, 1).dup('c');
        long[] ids = {3, 1, 4, 1};
        AugmentSpec all = AugmentSpec.builder().flip(0.5).rotation(15, 0.9).zoom(0.9, 1.1, 0.9)
                .brightness(0.8, 1.2, 0.9).build();
        ImageAugmenter a = new ImageAugmenter(all, 5);
        INDArray first = a.apply(nchw.reshape('c', n, 3 * H * W), CNN2DFormat.NCHW, 3, H, W, 2, ids);
        INDArray last = a.apply(nhwc.reshape('c', n, 3 * H * W), CNN2DFormat.NHWC, 3, H, W, 2, ids);
        assertEquals(first.reshape('c', n, 3, H, W).permute(0, 2, 3, 1).dup('c').reshape('c', n, 3 * H * W), last);
        assertNotEquals(nhwc.reshape('c', n, 3 * H * W), last, "the draws changed the images");
        // 4-D input keeps its shape
        assertArrayEquals(nhwc.shape(), a.apply(nhwc, CNN2DFormat.NHWC, 3, H, W, 2, ids).shape());
    }

    /**
     * A translation by (2, −1) moves every pixel exactly: the output at (x, y) is the input at (x − 2, y + 1), and
     * the uncovered columns and row read 0. With a flip, the mirror comes first and the shift after it.
     */
    @Test
    void shiftIsAnExactTranslation() {
        float[] in = image(12, 2);
        float[] out = run(in, 2, new ImageAugmenter.Draw(false, 0, 1, 1, 2, -1));
        float[] mirrored = run(in, 2, new ImageAugmenter.Draw(true, 0, 1, 1));
        float[] both = run(in, 2, new ImageAugmenter.Draw(true, 0, 1, 1, 2, -1));
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sx = x - 2;
                    int sy = y + 1;
                    boolean inside = sx >= 0 && sy < H;
                    int o = c * H * W + y * W + x;
                    assertEquals(inside ? in[c * H * W + sy * W + sx] : 0f, out[o], 0f, "c " + c + " y " + y + " x " + x);
                    assertEquals(inside ? mirrored[c * H * W + sy * W + sx] : 0f, both[o], 0f);
                }
            }
        }
    }

    /**
     * Offsets are whole pixels in [−s, s], every value occurs, about half the images move (probability 0.5), and the
     * other transforms draw what they drew before translation existed.
     */
    @Test
    void shiftDrawsCoverTheRangeAndLeaveOtherDrawsAlone() {
        AugmentSpec base = AugmentSpec.standard();
        ImageAugmenter with = new ImageAugmenter(base.withShift(2, 0.5), 4);
        ImageAugmenter without = new ImageAugmenter(base, 4);
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        int moved = 0;
        for (long id = 0; id < 2000; id++) {
            ImageAugmenter.Draw a = with.draw(3, id);
            ImageAugmenter.Draw b = without.draw(3, id);
            assertEquals(new ImageAugmenter.Draw(a.flip(), a.radians(), a.zoom(), a.brightness()), b);
            assertEquals(0, Math.abs(b.shiftX()) + Math.abs(b.shiftY()), "no translation without a shift");
            seen.add(a.shiftX());
            seen.add(a.shiftY());
            if (a.shiftX() != 0 || a.shiftY() != 0) {
                moved++;
            }
        }
        assertEquals(java.util.Set.of(-2, -1, 0, 1, 2), seen);
        // P(moved) = 0.5 · (1 − 1/25) = 0.48; 2000 draws: sd ≈ 11, so ±60 is over 5 sd
        assertTrue(Math.abs(moved - 960) < 60, "moved " + moved);
        assertTrue(base.withShift(2, 0.5).enabled() && !AugmentSpec.none().withShift(2, 0).enabled());
    }

    @Test
    void shiftMustLeaveTheImageInView() {
        ImageAugmenter a = new ImageAugmenter(AugmentSpec.none().withShift(H, 1), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.apply(Nd4j.zeros(1, H * W), 1, H, W, 0, new long[] {0}));
        assertTrue(e.getMessage().contains("shiftPixels 5") && e.getMessage().contains("smaller than 5"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AugmentSpec.none().withShift(-1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> AugmentSpec.none().withShift(1, 1.5));
    }

    @Test
    void invalidSpecs() {
        assertThrows(IllegalArgumentException.class, () -> AugmentSpec.builder().flip(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> AugmentSpec.builder().rotation(200, 0).build());
        assertThrows(IllegalArgumentException.class, () -> AugmentSpec.builder().zoom(1.2, 1.1, 0).build());
        assertThrows(IllegalArgumentException.class, () -> AugmentSpec.builder().brightness(-1, 1, 0).build());
    }
}
