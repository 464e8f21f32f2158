package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EpochRecordTest {
    @Test
    void printsAsOneReadableLine() {
        EpochRecord e =
                new EpochRecord(2, "unfrozen", 2.92979, 0.140625, 2.34979, 0.109375, 1e-4, 1.08, 4);
        assertEquals(
                "epoch 2 [unfrozen] train loss 2.9298 acc 14.06% | valid loss 2.3498 acc 10.94%"
                        + " | lr 0.000100 | 1.1 s",
                e.toString());
    }

    @Test
    void anEpochWithoutValidationLeavesTheValidPartOut() {
        EpochRecord e =
                new EpochRecord(1, "frozen", 1.5, 0.5, Double.NaN, Double.NaN, 1e-3, 2.0, 10);
        assertEquals(
                "epoch 1 [frozen] train loss 1.5000 acc 50.00% | lr 0.00100 | 2.0 s", e.toString());
    }
}
