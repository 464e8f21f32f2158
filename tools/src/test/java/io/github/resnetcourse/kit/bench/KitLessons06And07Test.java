package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.engine.Engines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lesson 07's cached stage on a generated Flowers-102 twin in its real folder layout, read by the
 * real loader; asserts what was trained and that the cache was built, nothing about time.
 */
class KitLessons06And07Test {

    /** ResNet18 (11,176,512) plus Linear(512, 256) and Linear(256, 102). */
    private static final long RESNET18_MLP_102 = 11_334_054;

    private static final long MLP_HEAD_102 = 512 * 256 + 256 + 256 * 102 + 102;

    @Test
    void cachedStageBuildsItsCacheAndTrainsOnlyTheHead(@TempDir Path root) throws Exception {
        flowers(root, 2);
        String tuning = Engines.init().describe();
        StageMeasurement m =
                KitLessons06And07.run(LessonStage.RESNET18_MLP_CACHED_FROZEN, root, 1, 1, tuning);
        assertEquals(RESNET18_MLP_102, m.parameters());
        assertEquals(MLP_HEAD_102, m.trainable());
        assertTrue(m.seconds() > 0 && m.cpuSeconds() > 0, m.toString());
        assertEquals(64 / m.seconds(), m.imagesPerSecond(), 1e-9);
        assertTrue(m.peakRssMb() > 50, m.toString());
        assertTrue(Double.isFinite(m.firstLoss()) && m.firstLoss() > 0, m.toString());
        assertTrue(m.runtime().endsWith("cached features"), m.runtime());
    }

    @Test
    void cachedStageSaysSoWhenTheDataHasTooFewImagesForItsBatches(@TempDir Path root)
            throws Exception {
        flowers(root, 1); // 102 images: one batch of 64, not two
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                KitLessons06And07.run(
                                        LessonStage.RESNET18_MLP_CACHED_FROZEN, root, 1, 2, "-"));
        assertTrue(e.getMessage().contains("needs 128 training images"), e.getMessage());
        assertTrue(e.getMessage().contains("has 102"), e.getMessage());
        assertTrue(e.getMessage().contains("--batches"), e.getMessage());
    }

    private static void flowers(Path root, int perClass) throws Exception {
        SyntheticData.builder()
                .setRoot(root)
                .optFlowersPerClass(perClass, 1)
                .optFlowerSize(96)
                .build()
                .writeFlowers102();
    }
}
