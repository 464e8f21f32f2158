package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Early stopping owns its checkpoint state: what {@code state} gives, {@code loadState} takes back,
 * and a fresh callback continues exactly as the one that gave it, with no checkpoint file between.
 */
class EarlyStoppingStateTest {
    private static final double[] LOSSES = {0.9, 0.5, 0.52, 0.4, 0.41, 0.43, 0.45, 0.39, 0.5};

    private static Learner learner(NDManager m) {
        ArrayDataset data =
                new ArrayDataset.Builder()
                        .setData(m.zeros(new Shape(2, 1)))
                        .optLabels(m.zeros(new Shape(2)))
                        .setSampling(2, false)
                        .build();
        return Learner.builder()
                .setModel(Linear.builder().setUnits(1).build())
                .setData(data, data)
                .optNoProgress()
                .build();
    }

    private static EpochRecord epoch(int e) {
        return new EpochRecord(e, "train", 0, 0, LOSSES[e - 1], 0, 1e-3, 0, 1);
    }

    /** The epoch at which {@code es} stops on the remaining losses, or 0. */
    private static int run(EarlyStopping es, Learner learner, int from) {
        for (int e = from; e <= LOSSES.length; e++) {
            try {
                es.afterEpoch(learner, epoch(e));
            } catch (StopTraining stop) {
                assertTrue(es.stopped());
                return e;
            }
        }
        return 0;
    }

    @Test
    void aFreshCallbackGivenAnothersStateStopsWhereTheUnbrokenOneStops() {
        try (NDManager m = NDManager.newBaseManager();
                Learner learner = learner(m)) {
            EarlyStopping unbroken =
                    EarlyStopping.onValidLoss()
                            .patience(3)
                            .minDelta(0.001)
                            .restore(EarlyStopping.Restore.LAST_WEIGHTS);
            int stop = run(unbroken, learner, 1);
            assertEquals(7, stop, "best 0.4 at epoch 4, three epochs without improvement");

            for (int k = 1; k < stop; k++) {
                EarlyStopping first =
                        EarlyStopping.onValidLoss()
                                .patience(3)
                                .minDelta(0.001)
                                .restore(EarlyStopping.Restore.LAST_WEIGHTS);
                for (int e = 1; e <= k; e++) {
                    first.afterEpoch(learner, epoch(e));
                }
                EarlyStopping.State state = first.state(learner);
                assertEquals(Map.of(), state.arrays(), "LAST_WEIGHTS keeps no weights");

                EarlyStopping second =
                        EarlyStopping.onValidLoss()
                                .patience(3)
                                .minDelta(0.001)
                                .restore(EarlyStopping.Restore.LAST_WEIGHTS);
                second.loadState(state.settings(), k, learner, () -> null);
                assertEquals(first.counter(), second.counter(), "after epoch " + k);
                assertEquals(first.bestEpoch(), second.bestEpoch());
                assertEquals(first.bestValue(), second.bestValue());
                assertEquals(stop, run(second, learner, k + 1), "resumed after epoch " + k);
                assertEquals(4, second.bestEpoch());
            }
        }
    }

    @Test
    void anotherModeStartsAfreshAndSaysSo() {
        try (NDManager m = NDManager.newBaseManager();
                Learner learner = learner(m)) {
            EarlyStopping first = EarlyStopping.onValidLoss().patience(3);
            for (int e = 1; e <= 3; e++) {
                first.afterEpoch(learner, epoch(e));
            }
            EarlyStopping maximising = EarlyStopping.onValidLoss().patience(3).mode(Mode.MAX);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.PrintStream console = System.out;
            System.setOut(
                    new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                maximising.loadState(first.state(learner).settings(), 3, learner, () -> null);
            } finally {
                System.setOut(console);
            }
            assertTrue(
                    out.toString(java.nio.charset.StandardCharsets.UTF_8)
                            .contains("starts afresh"));
            assertEquals(0, maximising.bestEpoch());
            assertEquals(0, maximising.counter());
            assertFalse(maximising.stopped());
        }
    }
}
