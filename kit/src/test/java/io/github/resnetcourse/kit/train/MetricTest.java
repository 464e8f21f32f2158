package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricTest {
    @Test
    void accuraciesPrintInPercentAndLossesWithFourDecimalsAsTheProgressLinesDo() {
        assertEquals("12.89 %", Metric.VALID_ACCURACY.format(0.128906));
        assertEquals("100.00 %", Metric.TRAIN_ACCURACY.format(1.0));
        assertEquals("2.3190", Metric.VALID_LOSS.format(2.319041));
        assertEquals("0.0500", Metric.TRAIN_LOSS.format(0.05));
    }
}
