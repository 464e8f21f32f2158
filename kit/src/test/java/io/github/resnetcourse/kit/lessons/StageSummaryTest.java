package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageSummaryTest {
    private static History history(EpochRecord... epochs) {
        History h = new History();
        for (EpochRecord e : epochs) {
            h.afterEpoch(null, e);
        }
        return h;
    }

    private static EpochRecord epoch(int n, String stage, double validAcc, double seconds) {
        return new EpochRecord(n, stage, 1.0, 0.5, 1.2, validAcc, 1e-2, seconds, 10);
    }

    @Test
    void oneRowPerRunOfEpochsWithTheStagesLastBestAndMeanSeconds() {
        StageSummary s =
                StageSummary.of(
                        history(
                                epoch(1, "frozen", 0.50, 10),
                                epoch(2, "frozen", 0.70, 12),
                                epoch(3, "frozen", 0.60, 14),
                                epoch(4, "unfrozen", 0.80, 30),
                                epoch(5, "unfrozen", 0.80, 40)));

        assertEquals(2, s.stages().size());
        StageSummary.StageRow frozen = s.stages().get(0);
        assertEquals("frozen", frozen.label());
        assertEquals(3, frozen.epochs());
        assertEquals(0.60, frozen.lastAccuracy());
        assertEquals(0.70, frozen.bestAccuracy());
        assertEquals(2, frozen.bestEpoch());
        assertEquals(12.0, frozen.secondsPerEpoch(), 1e-12);
        StageSummary.StageRow unfrozen = s.stages().get(1);
        assertEquals(
                List.of(4, 5, 2),
                List.of(unfrozen.firstEpoch(), unfrozen.lastEpoch(), unfrozen.epochs()));
        assertEquals(
                4, unfrozen.bestEpoch(), "ties go to the first epoch, as the checkpoint keeps it");
        assertEquals(35.0, unfrozen.secondsPerEpoch(), 1e-12);
        assertTrue(
                s.markdown().contains("| frozen | 3 (1–3) | 60.0 % | 70.0 % (2) | 12.0 |"),
                s.markdown());
        assertTrue(
                s.markdown().contains("| unfrozen | 2 (4–5) | 80.0 % | 80.0 % (4) | 35.0 |"),
                s.markdown());
    }

    @Test
    void aLabelThatComesBackIsANewStage() {
        StageSummary s =
                StageSummary.of(
                        history(
                                epoch(1, "frozen", 0.1, 1),
                                epoch(2, "unfrozen", 0.2, 1),
                                epoch(3, "frozen", 0.3, 1)));
        assertEquals(3, s.stages().size());
        assertEquals(3, s.stages().get(2).firstEpoch());
    }

    @Test
    void anEmptyOrUnvalidatedHistoryIsRefusedWithHowToFixIt() {
        assertThrows(IllegalArgumentException.class, () -> StageSummary.of(new History()));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                StageSummary.of(
                                        history(
                                                new EpochRecord(
                                                        1,
                                                        "train",
                                                        1,
                                                        0.5,
                                                        Double.NaN,
                                                        Double.NaN,
                                                        1e-3,
                                                        1,
                                                        1))));
        assertTrue(e.getMessage().contains("setData(train, valid)"), e.getMessage());
    }
}
