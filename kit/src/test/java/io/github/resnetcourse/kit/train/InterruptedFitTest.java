package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fit cut short by the notebook's stop button leaves numbering and history unambiguous. */
class InterruptedFitTest {

    @Test
    void theFitAfterAnInterruptedEpochNumbersItsEpochsOnward() {
        try (NDManager manager = NDManager.newBaseManager();
                Learner l =
                        Learner.builder()
                                .setModel(Blobs.model())
                                .setData(Blobs.dataset(manager, 60, 10, 1, true, false), null)
                                .optNoProgress()
                                .build()) {
            l.fit(1);
            l.addCallback(
                    new Callback() {
                        @Override
                        public void afterBatch(Learner learner, BatchRecord batch) {
                            if (batch.epoch() == 2 && batch.batch() == 2) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
            l.fit(3);
            assertTrue(Thread.interrupted(), "the interrupt stays visible after fit");
            assertEquals(StopReason.INTERRUPTED, l.lastStopReason());
            l.fit(1);

            List<BatchRecord> batches = l.history().batches();
            assertEquals(
                    2,
                    batches.stream().filter(b -> b.epoch() == 2).count(),
                    "epoch 2 holds only the two batches of the interrupted epoch");
            assertEquals(
                    6,
                    batches.stream().filter(b -> b.epoch() == 3).count(),
                    "the next fit trains epoch 3, not a second epoch 2");
            assertEquals(3, l.epochsDone());
            assertEquals(
                    List.of(1, 3),
                    l.history().epochs().stream().map(EpochRecord::epoch).toList(),
                    "only whole epochs are recorded, each under its own number");
        }
    }
}
