package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several passes over the parallel CIFAR pipeline leave no NDArray behind and memory flat. */
class PipelineMemoryTest {
    @TempDir Path root;

    @Test
    void noNdArrayOutlivesItsBatchAcrossEpochs() throws Exception {
        SyntheticData.builder()
                .setRoot(root)
                .optCifarPerBatch(200)
                .optCifarTest(10)
                .build()
                .writeCifar10();
        Cifar10 train =
                Cifar10.builder()
                        .setRoot(root)
                        .setSplit(Split.TRAIN)
                        .optTransform(Pipelines.cifarTrain())
                        .optWorkers(2)
                        .setSampling(50, true)
                        .build();
        long rssAfterWarmup = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int epoch = 1; epoch <= 6; epoch++) {
                long images = 0;
                for (Batch batch : train.getData(manager)) {
                    try (batch) {
                        images += batch.getSize();
                    }
                }
                assertEquals(1000, images);
                assertEquals(
                        0,
                        manager.getManagedArrays().size(),
                        "arrays still alive after epoch " + epoch);
                if (epoch == 2) {
                    rssAfterWarmup = nativeResident();
                }
            }
        }
        long growth = nativeResident() - rssAfterWarmup;
        assertTrue(
                growth < 64L << 20,
                "resident memory outside the Java heap grew by "
                        + (growth >> 20)
                        + " MB over 4 epochs");
    }

    /**
     * Resident memory minus what the JVM itself commits: its heap (grown when other tests in the
     * same fork allocate) and its non-heap pools (classes loaded and code compiled while the test
     * runs, which once made this test fail in CI). Neither is a pipeline leak; tensors and decoded
     * pixels live outside both.
     */
    private static long nativeResident() {
        System.gc();
        var memory = ManagementFactory.getMemoryMXBean();
        return PipelineBenchmark.rss()
                - memory.getHeapMemoryUsage().getCommitted()
                - memory.getNonHeapMemoryUsage().getCommitted();
    }
}
