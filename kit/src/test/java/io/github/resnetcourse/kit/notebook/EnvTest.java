package io.github.resnetcourse.kit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvTest {
    private static final Path DIR = Path.of("/tmp/course");

    @Test
    void fullModeKeepsTheSeedsEpochsAndAllBatches() {
        Env env = Env.of(Map.of("COURSE_HOME", "/srv/course"), DIR);
        assertEquals(RunMode.FULL, env.mode());
        assertEquals(40, env.epochs(40));
        assertEquals(Optional.empty(), env.maxBatches());
        assertEquals(Path.of("/srv/course/data"), env.dataDir());
        assertEquals(Path.of("/srv/course/data/synth"), env.synthDir());
    }

    @Test
    void smokeModeCapsEpochsAndBatches() {
        Env env = Env.of(Map.of("COURSE_MODE", "smoke"), DIR);
        assertTrue(env.isSmoke());
        assertEquals(Env.SMOKE_EPOCHS, env.epochs(40));
        assertEquals(Optional.of(Env.SMOKE_BATCHES), env.maxBatches());
    }

    @Test
    void theEpochCapAndTheSmokeBatchSizeAreReadableForTheLearnerAndTheDatasets() {
        Env smoke = Env.of(Map.of("COURSE_MODE", "smoke"), DIR);
        assertEquals(Optional.of(Env.SMOKE_EPOCHS), smoke.maxEpochs());
        assertEquals(Env.SMOKE_BATCH_SIZE, smoke.batchSize(32));
        assertEquals(2, smoke.batchSize(2));
        Env full = Env.of(Map.of(), DIR);
        assertEquals(Optional.empty(), full.maxEpochs());
        assertEquals(32, full.batchSize(32));
        Env capped = Env.of(Map.of("COURSE_EPOCHS", "3"), DIR);
        assertEquals(Optional.of(3), capped.maxEpochs());
    }

    @Test
    void explicitCapsOverrideTheModeDefaults() {
        Env env =
                Env.of(
                        Map.of(
                                "COURSE_MODE",
                                "SMOKE",
                                "COURSE_EPOCHS",
                                "2",
                                "COURSE_MAX_BATCHES",
                                "10",
                                "COURSE_SEED",
                                "7"),
                        DIR);
        assertEquals(2, env.epochs(40));
        assertEquals(1, env.epochs(1));
        assertEquals(Optional.of(10), env.maxBatches());
        assertEquals(7, env.seed());
    }

    @Test
    void badValuesNameTheVariableAndTheFix() {
        var mode =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Env.of(Map.of("COURSE_MODE", "fast"), DIR));
        assertTrue(mode.getMessage().contains("COURSE_MODE='fast'"), mode.getMessage());
        assertTrue(mode.getMessage().contains("'smoke', 'laptop', 'full'"), mode.getMessage());
        var epochs =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Env.of(Map.of("COURSE_EPOCHS", "0"), DIR));
        assertTrue(epochs.getMessage().contains("COURSE_EPOCHS=0"), epochs.getMessage());
    }

    @Test
    void laptopModeTakesTheLessonsPlanForEpochsBatchesAndBatchSize() {
        Env lesson02 = Env.of(Map.of("COURSE_MODE", "laptop", "COURSE_LESSON", "02"), DIR);
        assertEquals(RunMode.LAPTOP, lesson02.mode());
        assertEquals(2, lesson02.epochs(35));
        assertEquals(Optional.of(2), lesson02.maxEpochs());
        assertEquals(Optional.empty(), lesson02.maxBatches());
        assertEquals(64, lesson02.batchSize(64));
        assertTrue(lesson02.toString().contains("2,000 of 50,000"), lesson02.toString());

        Env lesson03 = Env.of(Map.of("COURSE_MODE", "Laptop", "COURSE_LESSON", "3"), DIR);
        assertEquals(16, lesson03.batchSize(32));
        assertEquals(Optional.of(1), lesson03.maxEpochs());

        Env lesson05 = Env.of(Map.of("COURSE_MODE", "laptop", "COURSE_LESSON", "05"), DIR);
        assertEquals(Optional.of(40), lesson05.maxBatches());
        assertEquals(Optional.empty(), lesson05.maxEpochs());
    }

    @Test
    void explicitCapsOverrideTheLaptopPlan() {
        Env env =
                Env.of(
                        Map.of(
                                "COURSE_MODE", "laptop",
                                "COURSE_LESSON", "02",
                                "COURSE_EPOCHS", "4",
                                "COURSE_MAX_BATCHES", "9"),
                        DIR);
        assertEquals(Optional.of(4), env.maxEpochs());
        assertEquals(Optional.of(9), env.maxBatches());
    }

    @Test
    void fullAndSmokeModeIgnoreTheLessonsLaptopPlan() {
        Env full = Env.of(Map.of("COURSE_LESSON", "03"), DIR);
        assertEquals(Optional.empty(), full.laptopPlan());
        assertEquals(Optional.of("03"), full.lesson());
        assertEquals(Optional.empty(), full.maxEpochs());
        assertEquals(Optional.empty(), full.maxBatches());
        assertEquals(32, full.batchSize(32));
        assertEquals(20, full.epochs(20));
        Env smoke = Env.of(Map.of("COURSE_MODE", "smoke", "COURSE_LESSON", "03"), DIR);
        assertEquals(Optional.empty(), smoke.laptopPlan());
        assertEquals(Optional.of(Env.SMOKE_EPOCHS), smoke.maxEpochs());
        assertEquals(Env.SMOKE_BATCH_SIZE, smoke.batchSize(32));
    }

    @Test
    void laptopModeWithoutALessonReducesNothing() {
        Env env = Env.of(Map.of("COURSE_MODE", "laptop"), DIR);
        assertEquals(Optional.empty(), env.laptopPlan());
        assertEquals(Optional.empty(), env.maxEpochs());
        assertEquals(64, env.batchSize(64));
    }

    @Test
    void anUnknownLessonInLaptopModeNamesTheLessons() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Env.of(Map.of("COURSE_MODE", "laptop", "COURSE_LESSON", "42"), DIR));
        assertTrue(e.getMessage().contains("'42'"), e.getMessage());
        assertTrue(e.getMessage().contains("[00, 01, 02, 03, 04, 05, 06, 07]"), e.getMessage());
    }
}
