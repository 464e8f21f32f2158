package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.Dataset;
import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke-mode shape of every lesson: the real CIFAR loader with worker threads prefetching
 * batches, and epochs cut short after one batch, so each epoch (and each validation) abandons
 * batches that workers are still decoding. Closing their manager under them crashed libtorch
 * (SIGSEGV in torch.stack, a dead kernel in lesson 02) in about one CI run of five; the learner now
 * keeps that manager alive. The crash is a race: this test runs the path but did not reproduce it
 * against the old code in three tries, so it guards the behaviour, not the timing.
 */
class PrefetchingDataTest {
    @Test
    void epochsCutShortOverPrefetchingLoadersRunToTheEnd(@TempDir Path root) throws Exception {
        SyntheticData.builder()
                .setRoot(root)
                .optCifarPerBatch(100)
                .optCifarTest(100)
                .build()
                .writeCifar10();
        Dataset train = cifar(root, Split.TRAIN, true);
        Dataset test = cifar(root, Split.TEST, false);
        SequentialBlock net =
                new SequentialBlock()
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(10).build());
        try (Learner learner =
                Learner.builder()
                        .setModel(net)
                        .setData(train, test)
                        .optMaxBatches(1)
                        .optNoProgress()
                        .build()) {
            History h = learner.fit(12);
            assertEquals(12, h.epochs().size());
            assertEquals(12, h.batches().size());
        }
    }

    private static Dataset cifar(Path root, Split split, boolean shuffle) throws Exception {
        return Cifar10.builder()
                .setRoot(root)
                .setSplit(split)
                .optTransform(split == Split.TRAIN ? Pipelines.cifarTrain() : Pipelines.cifarTest())
                .optWorkers(2)
                .setSampling(16, shuffle)
                .build();
    }
}
