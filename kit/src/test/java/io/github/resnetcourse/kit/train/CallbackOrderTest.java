package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks run in a declared order whatever order they are listed in, and a callback ends the fit
 * by throwing {@link StopTraining}, after the other callbacks have seen the event.
 */
class CallbackOrderTest {

    private static Learner.Builder learner(NDManager m, Callback... callbacks) {
        return Learner.builder()
                .setModel(Blobs.model())
                .setData(
                        Blobs.dataset(m, 30, 10, 1, true, false),
                        Blobs.dataset(m, 12, 6, 2, false, false))
                .optCallbacks(callbacks);
    }

    @Test
    void theHistoryRecordsJudgesJudgeThenSaversSaveThenDisplaysShow(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            Progress progress = Progress.bar();
            SaveBestModel save = SaveBestModel.to(dir.resolve("best.ckpt"));
            EarlyStopping stopping = EarlyStopping.onValidLoss();
            Callback own = new Callback() {};
            // Listed back to front: the order of the list does not matter.
            try (Learner l = learner(m, progress, save, own, stopping).build()) {
                List<Callback> order = l.callbacks();
                assertInstanceOf(History.class, order.get(0));
                assertInstanceOf(NonFiniteLossGuard.class, order.get(1));
                assertEquals(List.of(stopping, own, save, progress), order.subList(2, 6));
            }
        }
    }

    @Test
    void aSaverListedFirstSeesEveryJudgementOfTheEpoch() {
        try (NDManager m = NDManager.newBaseManager()) {
            EarlyStopping stopping = EarlyStopping.onValidLoss().patience(10).minDelta(100);
            List<Integer> countersSeen = new ArrayList<>();
            Callback saver =
                    new Callback() {
                        @Override
                        public CallbackOrder order() {
                            return CallbackOrder.SAVE;
                        }

                        @Override
                        public void afterEpoch(Learner learner, EpochRecord record) {
                            countersSeen.add(stopping.counter());
                        }
                    };
            try (Learner l = learner(m, saver, stopping).optNoProgress().build()) {
                l.fit(3);
            }
            // minDelta 100: epoch 1 is the best, epochs 2 and 3 count; the saver sees each count.
            assertEquals(List.of(0, 1, 2), countersSeen);
        }
    }

    @Test
    void aCallbackStopsTheFitByThrowingAndTheOthersStillSeeThatEpoch() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Integer> seen = new ArrayList<>();
            Callback stopper =
                    new Callback() {
                        @Override
                        public void afterEpoch(Learner learner, EpochRecord record) {
                            if (record.epoch() == 2) {
                                throw new StopTraining(StopReason.EARLY_STOPPED, "enough");
                            }
                        }
                    };
            Callback watcher =
                    new Callback() {
                        @Override
                        public void afterEpoch(Learner learner, EpochRecord record) {
                            seen.add(record.epoch());
                        }
                    };
            try (Learner l = learner(m, stopper, watcher).optNoProgress().build()) {
                History h = l.fit(5);
                assertEquals(List.of(1, 2), seen, "the watcher, listed after, sees epoch 2");
                assertEquals(2, h.epochs().size());
                assertEquals(2, l.epochsDone());
                assertEquals(StopReason.EARLY_STOPPED, l.lastStopReason());
                assertEquals("enough", l.lastStopMessage());
                l.fit(1);
                assertEquals(StopReason.COMPLETED, l.lastStopReason(), "the next fit starts clean");
            }
        }
    }

    @Test
    void aStopDuringABatchThatIsNotEarlyStoppingAbandonsTheEpochUnderItsNumber() {
        try (NDManager m = NDManager.newBaseManager()) {
            Callback guard =
                    new Callback() {
                        @Override
                        public void afterBatch(Learner learner, BatchRecord record) {
                            if (record.epoch() == 2 && record.batch() == 1) {
                                throw new StopTraining(StopReason.NON_FINITE_LOSS, "broken");
                            }
                        }
                    };
            try (Learner l = learner(m, guard).optNoProgress().build()) {
                History h = l.fit(3);
                assertEquals(StopReason.NON_FINITE_LOSS, l.lastStopReason());
                assertEquals(1, h.epochs().size(), "epoch 2 is not recorded");
                assertEquals(2, l.epochsDone(), "but its number is used");
            }
        }
    }

    @Test
    void completedIsNotAReasonToStop() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new StopTraining(StopReason.COMPLETED, "done"));
    }
}
