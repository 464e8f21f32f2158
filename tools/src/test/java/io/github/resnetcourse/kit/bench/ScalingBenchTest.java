package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.synth.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each case of {@code ./course bench scaling} runs through the real loaders on generated CIFAR-10
 * binary batches and a Flowers-102 JPEG folder, counts the images it timed, and reports memory; the
 * report computes growth from the smallest size to the largest. No timing is asserted.
 */
class ScalingBenchTest {
    private static final int CIFAR_TRAIN = 5 * 100;
    private static final int CIFAR_BATCH = 128;
    private static final int FLOWERS = 8 * 16;
    private static final int FLOWERS_BATCH = 32;

    @TempDir static Path root;

    @BeforeAll
    static void generate() throws Exception {
        SyntheticData gen =
                SyntheticData.builder()
                        .setRoot(root)
                        .optCifarPerBatch(CIFAR_TRAIN / 5)
                        .optCifarTest(100)
                        .optFlowerClasses(8)
                        .optFlowersPerClass(FLOWERS / 8, 1)
                        .optFlowerSize(64)
                        .build();
        gen.writeCifar10();
        gen.writeFlowers102();
    }

    @Test
    void thePipelineCasesTimeEveryImageAfterTheWarmUpBatches() throws Exception {
        ScalingMeasurement cifar = ScalingCaseRunner.run(ScalingCase.PIPELINE_CIFAR, root, 0);
        assertEquals(CIFAR_TRAIN - ScalingCaseRunner.WARM_UP_BATCHES * CIFAR_BATCH, cifar.images());
        assertTrue(cifar.seconds() > 0 && cifar.peakRssMb() > 0, cifar.toString());

        ScalingMeasurement flowers = ScalingCaseRunner.run(ScalingCase.PIPELINE_FLOWERS, root, 0);
        assertEquals(FLOWERS - ScalingCaseRunner.WARM_UP_BATCHES * FLOWERS_BATCH, flowers.images());
    }

    @Test
    void trainingRunsOneWholeEpochOfTheDataset() throws Exception {
        ScalingMeasurement m = ScalingCaseRunner.run(ScalingCase.TRAIN_CIFAR, root, 0);
        assertEquals(CIFAR_TRAIN, m.images());
        assertEquals("4 batches", m.detail());
    }

    @Test
    void theFeatureCacheAboveItsMemoryLimitIsReadFromTheMappedFile() throws Exception {
        ScalingMeasurement m = ScalingCaseRunner.run(ScalingCase.FEATURE_CACHE_CIFAR, root, 0);
        assertEquals(CIFAR_TRAIN + 100, m.images(), "every training and test image extracted once");
        assertTrue(m.detail().contains("training split memory-mapped"), m.detail());
        assertTrue(Files.isDirectory(root.resolve("feature-cache")));

        ScalingMeasurement inMemory =
                ScalingCaseRunner.run(ScalingCase.FEATURE_CACHE_CIFAR, root, 1L << 30);
        assertTrue(inMemory.detail().contains("held on the heap"), inMemory.detail());
    }

    @Test
    void growthComparesTheLargestSizeWithTheSmallest() {
        ScalingReport report = new ScalingReport();
        report.add(row(4, 4000, 4.0, 500, 400));
        report.add(row(1, 1000, 0.5, 480, 390));
        report.add(row(16, 16000, 16.0, 530, 395));
        List<ScalingReport.Growth> growth = report.growth();
        assertEquals(1, growth.size());
        ScalingReport.Growth g = growth.get(0);
        assertEquals(1, g.fromScale());
        assertEquals(16, g.toScale());
        assertEquals(2.0, g.costPerImageRatio(), 1e-9, "1,000 µs per image against 500");
        assertEquals(50, g.peakRssGrowthMb(), 1e-9);
        assertEquals(5, g.anonRssGrowthMb(), 1e-9);
        assertTrue(g.describe().contains("seconds per image ×2.00"), g.describe());
    }

    @Test
    void aScaleThatIsNotAPositiveNumberIsRefusedByName() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ScalingBench.run(new String[] {"--scales", "1,zero"}, root));
        assertTrue(e.getMessage().contains("--scales zero"), e.getMessage());
        IllegalArgumentException base =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ScalingBench.run(new String[] {"--cifar-base", "7"}, root));
        assertTrue(base.getMessage().contains("multiple of 5"), base.getMessage());
    }

    private static ScalingReport.Row row(
            int scale, long images, double seconds, double peak, double anon) {
        return new ScalingReport.Row(
                ScalingCase.PIPELINE_CIFAR,
                scale,
                new ScalingMeasurement(images, seconds, seconds, peak, anon, 0, 100, ""));
    }
}
