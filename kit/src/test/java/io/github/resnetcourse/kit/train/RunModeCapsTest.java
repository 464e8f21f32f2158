package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run mode caps epochs behind the scenes, so that notebook cells carry the seeds' numbers:
 * {@code fit(35)} runs 35 epochs in full mode and the cap in smoke mode (or under COURSE_EPOCHS).
 */
class RunModeCapsTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        System.clearProperty("course.epochs");
        System.clearProperty("course.mode");
        System.clearProperty("course.lesson");
        manager.close();
    }

    private Learner.Builder blobs() {
        return Learner.builder()
                .setModel(Blobs.model())
                .setData(
                        Blobs.dataset(manager, 60, 20, 1, true, false),
                        Blobs.dataset(manager, 30, 30, 2, false, false))
                .optNoProgress()
                .optSeed(7);
    }

    @Test
    void anExplicitEpochCapLimitsEveryFit() {
        try (Learner l = blobs().optMaxEpochs(2).build()) {
            assertEquals(2, l.fit(5).epochs().size());
            assertEquals(3, l.fit(1).epochs().size());
        }
    }

    @Test
    void theEnvironmentsEpochCapAppliesByDefaultAndPerStageOfFineTune() {
        System.setProperty("course.epochs", "1");
        try (Learner l = blobs().build()) {
            History h = l.fineTune(40, 5, 1e-4);
            assertEquals(List.of("frozen", "unfrozen"), h.stages());
            assertEquals(2, h.epochs().size());
            assertEquals(1e-4, h.epochs().get(1).lr(), 1e-15);
        }
    }

    @Test
    void aDemoSizedForALaptopIgnoresTheRunModesCaps() {
        System.setProperty("course.epochs", "1");
        try (Learner l = blobs().optRunModeCaps(RunModeCaps.IGNORE).build()) {
            assertEquals(3, l.fit(3).epochs().size());
            assertEquals(3, l.batchesPerEpoch().orElseThrow());
        }
    }

    @Test
    void aConstantScheduleKeepsTheRateSetByHand() {
        try (Learner l = blobs().optLearningRate(0.1).optSchedule(StepLr.of(1, 0.5)).build()) {
            l.fit(1);
            l.setLearningRate(0.01);
            History h = l.fit(3, LrSchedule.constant());
            assertArrayEquals(new double[] {0.1, 0.01, 0.01, 0.01}, h.learningRates(), 1e-15);
            assertEquals("constant (no scheduler)", l.schedule().describe());
        }
    }

    @Test
    void laptopModeCapsEveryFitAsTheLessonsPlanSays() {
        System.setProperty("course.mode", "laptop");
        System.setProperty("course.lesson", "02"); // at most 2 epochs per fit
        try (Learner l = blobs().build()) {
            assertEquals(2, l.fit(35).epochs().size());
        }
        System.setProperty("course.lesson", "06"); // the seed's 5 epochs
        try (Learner l = blobs().build()) {
            assertEquals(5, l.fit(5).epochs().size());
        }
    }

    @Test
    void fullModeTrainsWhatTheCellAsksWhateverTheLesson() {
        System.setProperty("course.lesson", "02");
        try (Learner l = blobs().build()) {
            assertEquals(7, l.fit(7).epochs().size());
            assertEquals(3, l.batchesPerEpoch().orElseThrow());
        }
    }
}
