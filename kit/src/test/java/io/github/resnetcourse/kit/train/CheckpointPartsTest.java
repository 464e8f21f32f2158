package io.github.resnetcourse.kit.train;

import static io.github.resnetcourse.kit.train.ResumeTest.capture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.train.CheckpointFile.Entry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version-4 file: one keyed part per stateful part of a run, and nothing the checkpoint owns
 * besides; a file read back and written again holds the same parts and the same arrays.
 */
class CheckpointPartsTest {
    private NDManager manager;

    @TempDir Path dir;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Learner build() {
        return Learner.builder()
                .setModel(Blobs.model())
                .setData(
                        Blobs.dataset(manager, 90, 15, 1, true, false),
                        Blobs.dataset(manager, 60, 30, 2, false, false))
                .optSchedule(StepLr.of(1, 0.5))
                .optCallbacks(EarlyStopping.onValidLoss().patience(5))
                .optNoProgress()
                .optSeed(5)
                .build();
    }

    /** Trains two epochs with the body frozen, then one at a lower body rate, and saves. */
    private Path trainAndSave(String name) {
        Path file = dir.resolve(name);
        try (Learner l = build()) {
            l.freeze();
            l.fit(2);
            l.unfreeze();
            l.setBodyLrFactor(0.25);
            l.freezeTo(1);
            l.fit(1);
            Checkpoint.save(file, l, Metric.VALID_LOSS, 0.75);
        }
        return file;
    }

    @Test
    void theFileHoldsOnePartPerStatefulPartOfTheRun() {
        Path file = trainAndSave("keyed.ckpt");
        Checkpoint ckpt = Checkpoint.read(file);
        assertEquals(4, ckpt.version());
        assertEquals(
                List.of(
                        "model",
                        "optimizer",
                        "learning_rate",
                        "schedule",
                        "freezing",
                        "progress",
                        "data_order",
                        "history",
                        "run",
                        "best_model",
                        "early_stopping/0"),
                ckpt.parts());
        Set<String> arrayParts = new LinkedHashSet<>();
        CheckpointFile.scan(file, part -> true, e -> arrayParts.add(e.part()));
        assertTrue(arrayParts.containsAll(List.of("model", "optimizer")), arrayParts.toString());
        assertTrue(ckpt.parts().containsAll(arrayParts), "every array belongs to a part");
        // What the parts say, through the checkpoint's read-only view.
        assertEquals(3, ckpt.epoch());
        assertEquals(Metric.VALID_LOSS, ckpt.metric());
        assertEquals(0.75, ckpt.metricValue());
        assertEquals(0.5 * 0.5 * 0.5 * 1e-3, ckpt.learningRate(), 1e-12);
        assertEquals(Set.of(0.25), Set.copyOf(ckpt.learningRateScales().values()));
        assertEquals(3.0, ckpt.scheduleState().get("last_epoch"));
        assertEquals(3, ckpt.epochs().size());
    }

    @Test
    void aFileReadBackAndWrittenAgainHoldsTheSamePartsAndArrays() {
        Path first = trainAndSave("first.ckpt");
        Path second = dir.resolve("second.ckpt");
        try (Learner resumed = build()) {
            String notes = capture(() -> Checkpoint.read(first).resume(resumed));
            assertEquals("", notes, "the same learner: nothing to note");
            Checkpoint.save(second, resumed, Metric.VALID_LOSS, 0.75);
        }
        assertEquals(settings(first), settings(second));
        List<Entry> a = arrays(first);
        List<Entry> b = arrays(second);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            Entry x = a.get(i);
            Entry y = b.get(i);
            String at = x.part() + " " + x.name() + " " + x.key();
            assertEquals(at, y.part() + " " + y.name() + " " + y.key());
            assertArrayEquals(x.bytes(), y.bytes(), at);
        }
    }

    /** The file's parts, without the time it was saved. */
    private static JsonObject settings(Path file) {
        JsonObject parts =
                JsonParser.parseString(CheckpointFile.check(file).json()).getAsJsonObject();
        parts.getAsJsonObject("run").remove("savedAt");
        return parts;
    }

    private static List<Entry> arrays(Path file) {
        List<Entry> entries = new ArrayList<>();
        CheckpointFile.scan(file, part -> true, entries::add);
        return entries;
    }
}
