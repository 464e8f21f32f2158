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
        assertTrue(mode.getMessage().contains("'smoke' or 'full'"), mode.getMessage());
        var epochs =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Env.of(Map.of("COURSE_EPOCHS", "0"), DIR));
        assertTrue(epochs.getMessage().contains("COURSE_EPOCHS=0"), epochs.getMessage());
    }
}
