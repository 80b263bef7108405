package io.github.reglab.harness.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The median by its definition: the middle of the sorted sample, or the mean of the two middle values. */
class StatisticsTest {

    @Test
    void medianIsTheMiddleOfTheSortedSampleAndLeavesTheInputAlone() {
        double[] odd = {5, 1, 3};
        assertEquals(3.0, Statistics.median(odd), 0);
        assertArrayEquals(new double[] {5, 1, 3}, odd, "input not sorted in place");
        assertEquals(3.0, Statistics.median(new double[] {4, 1, 9, 2}), 0, "mean of 2 and 4");
        assertEquals(7.5, Statistics.median(new double[] {7.5}), 0);
        assertTrue(Double.isNaN(Statistics.median(new double[0])));
    }
}
