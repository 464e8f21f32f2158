package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import org.junit.jupiter.api.Test;

class RandomBatchesTest {
    private static final BenchCase CASE = new BenchCase(8, 4, Backbone.FULL, 3, 2);

    @Test
    void eachPassFollowsTheNextPlanAndTheLastOneRepeats() {
        RandomBatches data =
                new RandomBatches(
                        CASE, RandomBatches.Pass.exactly(1), RandomBatches.Pass.exactly(3));
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(1, count(data, manager));
            assertEquals(3, count(data, manager));
            assertEquals(3, count(data, manager));
            assertEquals(0, manager.getManagedArrays().size(), "every batch closed its arrays");
        }
    }

    @Test
    void batchesHoldTheSameImagesAndLabelsInFreshArrays() {
        RandomBatches data = new RandomBatches(CASE, RandomBatches.Pass.exactly(2));
        try (NDManager manager = NDManager.newBaseManager()) {
            var it = data.getData(manager).iterator();
            try (Batch first = it.next();
                    Batch second = it.next()) {
                assertEquals(new Shape(4, 3, 8, 8), first.getData().head().getShape());
                assertEquals(new Shape(4), first.getLabels().head().getShape());
                assertTrue(first.getData().head().contentEquals(second.getData().head()));
                assertFalse(first.getData().head() == second.getData().head());
                for (float label : first.getLabels().head().toFloatArray()) {
                    assertTrue(label >= 0 && label < BenchCase.CLASSES && label == (int) label);
                }
            }
            assertFalse(it.hasNext());
        }
    }

    @Test
    void aWarmUpPassLastsAtLeastItsMinimumTime() {
        RandomBatches data = new RandomBatches(CASE, new RandomBatches.Pass(1, 0.3));
        try (NDManager manager = NDManager.newBaseManager()) {
            long start = System.nanoTime();
            int batches = count(data, manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 0.3, "lasted " + seconds + " s");
            assertTrue(batches > 1, "served " + batches);
        }
    }

    private static int count(RandomBatches data, NDManager manager) {
        int n = 0;
        for (Batch batch : data.getData(manager)) {
            batch.close();
            n++;
        }
        return n;
    }
}
