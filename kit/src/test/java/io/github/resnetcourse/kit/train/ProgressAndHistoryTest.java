package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live progress line in a notebook, and the history's table and CSV. */
class ProgressAndHistoryTest {
    /** A front end that records what it was asked to show. */
    private static final class RecordingSink implements DisplaySink {
        final List<String> shown = new ArrayList<>();
        final List<String> updates = new ArrayList<>();

        @Override
        public String display(MimeBundle bundle) {
            shown.add(bundle.plain());
            return "id-" + shown.size();
        }

        @Override
        public void update(String id, MimeBundle bundle) {
            updates.add(bundle.plain());
        }
    }

    @Test
    void oneLineIsUpdatedInPlaceAndThrottled(@TempDir Path dir) throws Exception {
        DisplaySink previous = Notebook.sink();
        RecordingSink sink = new RecordingSink();
        // Each batch advances the fake clock by 100 ms: only every third batch may update.
        AtomicLong now = new AtomicLong();
        Progress progress = Progress.withClock(0, () -> now.addAndGet(100_000_000L));
        Notebook.install(sink);
        try (NDManager m = NDManager.newBaseManager();
                Learner l =
                        Learner.builder()
                                .setModel(Blobs.model())
                                .setData(Blobs.dataset(m, 90, 10, 1, true, false), null)
                                .optCallbacks(progress)
                                .build()) {
            History h = l.fit(2);
            assertEquals(1, sink.shown.size(), "one display per fit");
            assertTrue(
                    sink.updates.size() >= 3 && sink.updates.size() <= 8,
                    "throttled: " + sink.updates);
            assertTrue(sink.shown.get(0).startsWith("Epoch 1/2 [train] batch"), sink.shown.get(0));

            Path csv = dir.resolve("history.csv");
            h.writeCsv(csv);
            List<String> lines = Files.readAllLines(csv);
            assertEquals(
                    "epoch,stage,train_loss,train_acc,valid_loss,valid_acc,lr,seconds,batches",
                    lines.get(0));
            assertEquals(3, lines.size());
            assertEquals(18, h.batchTable().rowCount());
            assertEquals(18.0, h.iterations()[17]);

            // The charts read the history's tables by column name, with no glue code.
            assertEquals(
                    List.of("train", "valid"),
                    io.github.resnetcourse.kit.plot.Charts.loss(h.toTable())
                            .traceNames()
                            .subList(0, 2));
            assertTrue(
                    io.github.resnetcourse.kit.plot.Charts.iterationLoss(h.batchTable())
                            .toJson()
                            .toString()
                            .contains("\"x\""));
            io.github.resnetcourse.kit.plot.Charts.accuracy(h.toTable());
            io.github.resnetcourse.kit.plot.Charts.learningRate(h.toTable());
        } finally {
            Notebook.install(previous);
        }
    }
}
