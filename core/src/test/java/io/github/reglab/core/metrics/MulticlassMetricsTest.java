package io.github.reglab.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MulticlassMetricsTest {

    /**
     * actual [0, 0, 1, 1, 2, 2], predicted [0, 1, 1, 1, 0, 2]: confusion rows (actual) [1 1 0], [0 2 0], [1 0 1];
     * accuracy 4/6; precision [1/2, 2/3, 1]; recall [1/2, 1, 1/2]; F1 class 1 = 2·(2/3)·1/(5/3) = 0.8.
     */
    @Test
    void handWorkedCase() {
        MulticlassMetrics m = MulticlassMetrics.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 1, 0, 2}, 3);
        assertArrayEquals(new long[] {1, 1, 0}, m.confusion()[0]);
        assertArrayEquals(new long[] {0, 2, 0}, m.confusion()[1]);
        assertArrayEquals(new long[] {1, 0, 1}, m.confusion()[2]);
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertArrayEquals(new double[] {0.5, 2.0 / 3, 1}, m.precision(), 1e-12);
        assertArrayEquals(new double[] {0.5, 1, 0.5}, m.recall(), 1e-12);
        assertEquals(0.8, m.f1()[1], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MulticlassMetrics.of(new int[] {3}, new int[] {0}, 3));
    }

    /** Balanced weights for labels [0, 0, 0, 1]: 4/(2·3) = 2/3 and 4/(2·1) = 2. */
    @Test
    void balancedClassWeights() {
        assertArrayEquals(new double[] {2.0 / 3, 2}, ClassWeights.balanced(new int[] {0, 0, 0, 1}, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.balanced(new int[] {0, 0}, 2));
    }
}
