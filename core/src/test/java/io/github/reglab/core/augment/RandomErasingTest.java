package io.github.reglab.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link RandomErasing} in {@link ImageAugmenter}: torchvision's rectangle, probability, fill and layouts. */
class RandomErasingTest {

    private static final int H = 28;
    private static final int W = 28;

    private static ImageAugmenter erasingOnly(RandomErasing e) {
        return new ImageAugmenter(AugmentSpec.none().withErasing(e), 11);
    }

    /**
     * A white image erased with fill 0 shows exactly the drawn rectangle, whose area is within the scale range
     * (up to the rounding of height and width to whole pixels) and whose aspect within the ratio range (the same).
     */
    @Test
    void theErasedPixelsAreTheDrawnRectangleWithinTorchvisionsRanges() {
        ImageAugmenter aug = erasingOnly(RandomErasing.torchvision(1.0));
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, H * W);
        int erased = 0;
        for (long id = 0; id < 300; id++) {
            int[] box = aug.erasure(0, id, H, W);
            float[] out = aug.apply(ones, 1, H, W, 0, new long[] {id}).reshape(H * W).toFloatVector();
            if (box == null) {
                assertEquals(H * W, sum(out), 0, "image " + id + " has no rectangle, so nothing is erased");
                continue;
            }
            erased++;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    boolean inside = y >= box[0] && y < box[0] + box[2] && x >= box[1] && x < box[1] + box[3];
                    assertEquals(inside ? 0f : 1f, out[y * W + x], "image " + id + " pixel " + y + "," + x);
                }
            }
            double h = box[2];
            double w = box[3];
            // round() moves each side by at most 0.5: the area and ratio bounds widen accordingly
            double areaLow = (Math.sqrt(0.02 * H * W * 0.3) - 0.5) * (Math.sqrt(0.02 * H * W / 3.3) - 0.5);
            assertTrue(h * w >= Math.min(areaLow, 0.02 * H * W) - 1e-9 && h * w <= (0.33 * H * W)
                    * Math.pow(1 + 0.5 / Math.min(h, w), 2), "area " + h * w + " of image " + id);
            assertTrue(h / w >= 0.3 * (h - 0.5) / (h + 0.5) * (w - 0.5) / (w + 0.5) - 1e-9
                    && h / w <= 3.3 * (h + 0.5) / (h - 0.5) * (w + 0.5) / (w - 0.5), "ratio " + h / w);
            assertTrue(box[0] + box[2] <= H && box[1] + box[3] <= W && box[2] < H && box[3] < W);
        }
        assertTrue(erased > 280, "with probability 1 nearly every draw fits in 10 attempts: " + erased);
    }

    /** Over 2,000 images at probability 0.3, the erased share is 0.3 within 4 standard deviations (0.041). */
    @Test
    void theProbabilityIsHonoured() {
        ImageAugmenter aug = erasingOnly(RandomErasing.torchvision(0.3));
        int erased = 0;
        for (long id = 0; id < 2000; id++) {
            erased += aug.erasure(3, id, H, W) != null ? 1 : 0;
        }
        assertEquals(0.3, erased / 2000.0, 4 * Math.sqrt(0.3 * 0.7 / 2000));
        assertEquals(null, erasingOnly(RandomErasing.torchvision(0)).erasure(0, 1, H, W));
    }

    /**
     * Noise fill: the same example and epoch give the same image, another epoch another; NHWC is NCHW permuted bit
     * for bit (three channels); switching erasing on leaves the other transforms' draws as they were.
     */
    @Test
    void noiseIsSeededAndLayoutsAgree() {
        RandomErasing noise = new RandomErasing(1.0, 0.1, 0.3, 0.5, 2.0, null);
        ImageAugmenter aug = new ImageAugmenter(AugmentSpec.standard().withErasing(noise), 5);
        INDArray nchw = Nd4j.rand(DataType.FLOAT, 2, 3 * H * W);
        INDArray nhwc = nchw.reshape(2, 3, H, W).permute(0, 2, 3, 1).dup('c').reshape(2, 3 * H * W);
        long[] ids = {4, 9};
        INDArray a = aug.apply(nchw, CNN2DFormat.NCHW, 3, H, W, 1, ids);
        INDArray b = aug.apply(nhwc, CNN2DFormat.NHWC, 3, H, W, 1, ids);
        assertArrayEquals(a.reshape(2, 3, H, W).permute(0, 2, 3, 1).dup('c').reshape(2L * 3 * H * W)
                .toFloatVector(), b.reshape(2L * 3 * H * W).toFloatVector());
        assertEquals(a, aug.apply(nchw, CNN2DFormat.NCHW, 3, H, W, 1, ids));
        assertFalse(a.equals(aug.apply(nchw, CNN2DFormat.NCHW, 3, H, W, 2, ids)));
        assertEquals(new ImageAugmenter(AugmentSpec.standard(), 5).draw(1, 4), aug.draw(1, 4));
        assertNotNull(aug.erasure(1, 4, H, W));
    }

    @Test
    void badSettingsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RandomErasing.torchvision(1.5)).getMessage()
                .contains("erasing probability"));
        assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 0.4, 0.3, 0.3, 3.3, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 0.02, 0.33, 0, 3.3, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3,
                Double.NaN));
        assertTrue(AugmentSpec.none().withErasing(RandomErasing.torchvision(0.5)).enabled());
        assertFalse(AugmentSpec.none().withErasing(RandomErasing.torchvision(0)).enabled());
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }
}
