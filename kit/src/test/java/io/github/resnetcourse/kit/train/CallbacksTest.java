package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping's exact seed text, one-cycle driven by the loop, checkpoint errors. */
class CallbacksTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Learner learner(Block model) {
        return Learner.builder()
                .setModel(model)
                .setData(Blobs.dataset(manager, 30, 10, 1, true, false), null)
                .optNoProgress()
                .build();
    }

    private static EpochRecord epoch(int n, double validLoss) {
        return new EpochRecord(n, "train", 1, 0.5, validLoss, 0.5, 1e-4, 1, 1);
    }

    @Test
    void earlyStoppingPrintsSeed000sLinesExactly() {
        // The validation losses of seed 000's own run, epochs 1-6.
        double[] losses = {0.188087, 0.023144, 0.015029, 0.011310, 0.0115, 0.0121};
        EarlyStopping es = EarlyStopping.onValidLoss().patience(2).minDelta(0.001);
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Learner l = learner(Blobs.model())) {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            for (int i = 0; i < losses.length; i++) {
                try {
                    es.afterEpoch(l, epoch(i + 1, losses[i]));
                } catch (StopTraining stop) {
                    // Stopping is a signal to the learner's loop; here there is none to end.
                    assertEquals(StopReason.EARLY_STOPPED, stop.reason());
                    assertEquals(losses.length, i + 1, "stops at the last epoch given");
                }
            }
        } finally {
            System.setOut(old);
        }
        String expected =
                String.join(
                        "\n",
                        "Validation loss decreased (inf --> 0.188087).  Saving model ...",
                        "Validation loss decreased (0.188087 --> 0.023144).  Saving model ...",
                        "Validation loss decreased (0.023144 --> 0.015029).  Saving model ...",
                        "Validation loss decreased (0.015029 --> 0.011310).  Saving model ...",
                        "EarlyStopping counter: 1 out of 2",
                        "EarlyStopping counter: 2 out of 2",
                        "Early stopping",
                        "");
        assertEquals(expected, buf.toString(StandardCharsets.UTF_8).replace("\r", ""));
        assertTrue(es.stopped());
        assertEquals(4, es.bestEpoch());
    }

    @Test
    void oneCycleIsSteppedAfterEveryBatchOverTheWholeFit() {
        try (Learner l =
                Learner.builder()
                        .setModel(Blobs.model())
                        .setData(Blobs.dataset(manager, 30, 10, 1, true, false), null)
                        .optSchedule(OneCycleLr.of(0.1).pctStart(0.5))
                        .optNoProgress()
                        .build()) {
            History h = l.fit(2);
            double[] used = h.batches().stream().mapToDouble(BatchRecord::lr).toArray();
            OneCycleLr reference = OneCycleLr.of(0.1).totalSteps(6).pctStart(0.5);
            double[] expected = new double[6];
            expected[0] = reference.start(0, null);
            for (int i = 1; i < 6; i++) {
                expected[i] = reference.afterBatch(expected[i - 1]);
            }
            assertArrayEquals(expected, used, 1e-15);
            assertEquals(0.1 / 25, used[0], 1e-15);
        }
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsRefusedByName(@TempDir Path dir) {
        Path file = dir.resolve("m.ckpt");
        try (Learner l = learner(Blobs.model())) {
            l.fit(1);
            Checkpoint.save(file, l, Metric.TRAIN_LOSS, 0.5);
        }
        Checkpoint c = Checkpoint.read(file);
        assertEquals(1, c.epoch());
        assertEquals(Metric.TRAIN_LOSS, c.metric());
        assertEquals(1, c.epochs().size());
        try (Learner other = learner(Linear.builder().setUnits(Blobs.CLASSES).build())) {
            var e =
                    assertThrows(
                            IllegalArgumentException.class, () -> c.loadWeightsInto(other.block()));
            assertTrue(e.getMessage().contains("different architecture"), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotACheckpointIsNamed(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.ckpt");
        Files.writeString(junk, "hello");
        var e = assertThrows(UncheckedIOException.class, () -> Checkpoint.read(junk));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        var missing =
                assertThrows(
                        UncheckedIOException.class, () -> Checkpoint.read(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("SaveBestModel"), missing.getMessage());
    }
}
