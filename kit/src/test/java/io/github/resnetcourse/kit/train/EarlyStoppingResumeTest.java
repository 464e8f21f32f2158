package io.github.resnetcourse.kit.train;

import static io.github.resnetcourse.kit.train.ResumeTest.assertSameHistory;
import static io.github.resnetcourse.kit.train.ResumeTest.assertSameWeights;
import static io.github.resnetcourse.kit.train.ResumeTest.capture;
import static io.github.resnetcourse.kit.train.ResumeTest.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.optim.FusedOptimizer;
import io.github.resnetcourse.kit.train.CheckpointFile.Entry;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Early stopping survives a checkpoint: a run broken after k epochs and resumed from the checkpoint
 * prints the same counter lines, stops at the same epoch and restores the same best weights as the
 * unbroken run.
 *
 * <p>The run (blobs, Adam at 0.05, early stopping on the validation loss with patience 3 and
 * min_delta 0.01) improves at epochs 1, 3 and 4 and stops after epoch 7, restoring epoch 4's
 * weights. The break is a checkpoint written after epoch k by a callback, then the kernel's stop
 * button, as when a notebook dies: the file comes from inside the fit, never from its end.
 */
class EarlyStoppingResumeTest {
    private static final int EPOCHS = 10;
    private static final int BEST = 4;
    private static final int STOP = 7;
    private static final int PATIENCE = 3;

    private NDManager manager;

    @TempDir Path dir;

    /** Where the callback that writes the checkpoint sits relative to early stopping. */
    enum Order {
        /** Early stopping has judged the epoch when the checkpoint is written. */
        SAVE_AFTER_EARLY_STOPPING,
        /** The checkpoint is written before early stopping judges the epoch. */
        SAVE_BEFORE_EARLY_STOPPING
    }

    /** The unbroken run. */
    private record Run(History history, List<float[]> weights, List<String> lines) {}

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static EarlyStopping stopper() {
        return EarlyStopping.onValidLoss().patience(PATIENCE).minDelta(0.01);
    }

    private Learner.Builder blobs() {
        return Learner.builder()
                .setModel(Blobs.model())
                .setData(
                        Blobs.dataset(manager, 90, 15, 1, true, false),
                        Blobs.dataset(manager, 60, 30, 2, false, false))
                .optLearningRate(0.05)
                .optNoProgress()
                .optSeed(11);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void aBreakWhileTheCounterRunsStopsAndRestoresAsTheUnbrokenRun(Order order) {
        Run reference = unbroken();
        for (int k : new int[] {BEST + 1, BEST + 2}) {
            Path file = breakAfter(k, order);
            // The best weights are not the checkpoint's: the file carries a copy of each.
            assertEquals(reference.weights.size(), callbackArrays(file), "k=" + k);
            EarlyStopping es = stopper();
            try (Learner resumed = blobs().optCallbacks(es).build()) {
                String notes = capture(() -> Checkpoint.read(file).resume(resumed));
                assertEquals("", notes, "a matching callback resumes without a note");
                assertEquals(k - BEST, es.counter(), "the counter at the break");
                assertEquals(BEST, es.bestEpoch());
                List<String> lines = lines(capture(() -> resumed.fit(EPOCHS - k)));
                assertEquals(afterEpoch(reference.lines, k), lines, "printed after the break");
                assertEquals(StopReason.EARLY_STOPPED, resumed.lastStopReason());
                assertEquals(STOP, resumed.epochsDone(), "the same stop epoch");
                assertSameHistory(reference.history, resumed.history());
                assertSameWeights(reference.weights, weights(resumed));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void aBreakAtTheBestEpochStoresTheBestWeightsOnceAndRebuildsThem(Order order)
            throws IOException {
        Run reference = unbroken();
        Path file = breakAfter(BEST, order);
        assertEquals(0, callbackArrays(file), "the checkpoint's weights are the best ones");
        Path countingOn = breakAfter(BEST + 1, order);
        assertTrue(
                Files.size(file) < Files.size(countingOn) * 0.8,
                "no second copy: " + Files.size(file) + " vs " + Files.size(countingOn) + " bytes");
        EarlyStopping es = stopper();
        try (Learner resumed = blobs().optCallbacks(es).build()) {
            assertEquals("", capture(() -> Checkpoint.read(file).resume(resumed)));
            assertEquals(0, es.counter());
            List<String> lines = lines(capture(() -> resumed.fit(EPOCHS - BEST)));
            assertEquals(afterEpoch(reference.lines, BEST), lines);
            assertEquals(STOP, resumed.epochsDone());
            assertSameHistory(reference.history, resumed.history());
            // Restored from the copy rebuilt out of the checkpoint's own weights.
            assertSameWeights(reference.weights, weights(resumed));
        }
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void aBreakAtTheStoppingEpochResumesToTheRestoredBestWeights(Order order) {
        Run reference = unbroken();
        Path file = breakAfter(STOP, order);
        EarlyStopping es = stopper();
        try (Learner resumed = blobs().optCallbacks(es).build()) {
            String out = capture(() -> Checkpoint.read(file).resume(resumed));
            // The saved run ended by restoring the best weights; the crash came before that.
            assertEquals(List.of(reference.lines.get(reference.lines.size() - 1)), lines(out));
            assertTrue(es.stopped());
            assertSameWeights(reference.weights, weights(resumed));
        }
    }

    @Test
    void aManualSaveAfterAFitThatRestoredTheBestWeightsResumesAsTheSameSession() {
        // fit(k) ends with the counter at 1 and restores epoch 4's weights; a session that goes
        // on with fit(rest) continues from them, and so must a resumed one.
        int k = BEST + 1;
        Path file = dir.resolve("manual.ckpt");
        History reference;
        List<float[]> referenceWeights;
        List<String> referenceLines;
        try (Learner l = blobs().optCallbacks(stopper()).build()) {
            l.fit(k);
            capture(() -> Checkpoint.save(file, l));
            referenceLines = lines(capture(() -> l.fit(EPOCHS - k)));
            reference = l.history();
            referenceWeights = weights(l);
        }
        assertEquals(0, callbackArrays(file), "the restored best weights are the saved weights");
        EarlyStopping es = stopper();
        try (Learner resumed = blobs().optCallbacks(es).build()) {
            Checkpoint.read(file).resume(resumed);
            assertEquals(1, es.counter());
            assertEquals(referenceLines, lines(capture(() -> resumed.fit(EPOCHS - k))));
            assertSameHistory(reference, resumed.history());
            assertSameWeights(referenceWeights, weights(resumed));
        }
    }

    @Test
    void aVersionTwoFileStillResumesAndSaysEarlyStoppingStartsAfresh() throws IOException {
        Path v3 =
                breakAfter(
                        BEST + 1, Order.SAVE_AFTER_EARLY_STOPPING, VersionThreeWriter::save, "v3");
        assertEquals(3, Checkpoint.read(v3).version());
        Path v2 = dir.resolve("v2.ckpt");
        writeVersionTwo(v3, v2);
        Checkpoint old = Checkpoint.read(v2);
        assertEquals(2, old.version());
        assertEquals(BEST + 1, old.epoch());
        EarlyStopping es = stopper();
        try (Learner fromV2 = blobs().optCallbacks(es).build();
                Learner fromV3 = blobs().build()) {
            String out = capture(() -> old.resume(fromV2));
            assertEquals(
                    "Note: checkpoint "
                            + v2
                            + " was written by an earlier kit (format v2) and holds no"
                            + " early-stopping state; EarlyStopping on validation loss starts"
                            + " afresh.\n",
                    out);
            assertEquals(0, es.bestEpoch());
            capture(() -> Checkpoint.read(v3).resume(fromV3));
            // Everything else a v2 file holds comes back as from the v3 file.
            assertSameWeights(weights(fromV3), weights(fromV2));
            assertSameHistory(fromV3.history(), fromV2.history());
            FusedOptimizer a = (FusedOptimizer) fromV3.optimizer();
            FusedOptimizer b = (FusedOptimizer) fromV2.optimizer();
            for (int i = 0; i < fromV3.block().getParameters().size(); i++) {
                var want = a.getState(fromV3.block().getParameters().valueAt(i));
                var got = b.getState(fromV2.block().getParameters().valueAt(i));
                assertEquals(want.keySet(), got.keySet());
                for (String key : want.keySet()) {
                    assertArrayEquals(
                            want.get(key).toFloatArray(), got.get(key).toFloatArray(), key);
                }
            }
            // Afresh: the first epoch after the break is an improvement from inf.
            String next = capture(() -> fromV2.fit(1));
            assertTrue(next.startsWith("Validation loss decreased (inf --> "), next);
        }
    }

    @Test
    void aTruncatedFileIsRefusedByNameWhereverItIsCut() throws IOException {
        Path file = breakAfter(BEST + 1, Order.SAVE_AFTER_EARLY_STOPPING);
        byte[] whole = Files.readAllBytes(file);
        assertEquals(4, Checkpoint.read(file).version());
        int arrays = 0;
        List<Entry> all = new ArrayList<>();
        CheckpointFile.scan(file, part -> true, all::add);
        for (Entry e : all) {
            arrays += utfLength(e.part()) + utfLength(e.name()) + utfLength(e.key());
            arrays += 4 + e.bytes().length;
        }
        int trailer = utfLength("end");
        int arraysStart = whole.length - trailer - arrays - 4;
        // In the settings, in the count of the arrays, in the first of them, in the last, in the
        // trailer.
        ResumeTest.assertCutShortIsRefused(
                whole,
                dir.resolve("cut.ckpt"),
                40,
                arraysStart + 2,
                arraysStart + 10,
                whole.length - 20,
                whole.length - 1);
    }

    @Test
    void aFileOfANewerKitIsRefusedByName() throws IOException {
        Path file = dir.resolve("v5.ckpt");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeUTF("resnet-course checkpoint v5");
            out.writeInt(2);
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        var e = assertThrows(UncheckedIOException.class, () -> Checkpoint.read(file));
        assertEquals(
                "Could not read the checkpoint "
                        + file
                        + ": written by a newer kit ('resnet-course checkpoint v5'); this kit reads"
                        + " versions 1 to 4 — update the course kit",
                e.getMessage());
    }

    @Test
    void resumingIntoALearnerWithoutThatEarlyStoppingSaysSoAndGoesOn() {
        Path file = breakAfter(BEST + 1, Order.SAVE_AFTER_EARLY_STOPPING);
        String held =
                "holds early stopping on validation loss (best 0.000916 at epoch 4, counter 1 out"
                        + " of 3), but the learner has no EarlyStopping on that metric; the run"
                        + " goes on without it.";
        try (Learner plain = blobs().build()) {
            String out = capture(() -> Checkpoint.read(file).resume(plain));
            assertEquals("Note: checkpoint " + file + " " + held + "\n", out);
            assertEquals(BEST + 2, plain.fit(1).last().orElseThrow().epoch());
        }
        EarlyStopping onAccuracy = EarlyStopping.on(Metric.VALID_ACCURACY);
        try (Learner other = blobs().optCallbacks(onAccuracy).build()) {
            String out = capture(() -> Checkpoint.read(file).resume(other));
            assertEquals(
                    "Note: checkpoint "
                            + file
                            + " "
                            + held
                            + "\nNote: checkpoint "
                            + file
                            + " holds no state for the learner's EarlyStopping on validation"
                            + " accuracy; it starts afresh.\n",
                    out);
            assertEquals(0, onAccuracy.bestEpoch());
        }
    }

    @Test
    void anotherPatienceIsNotedAndTheLearnersApplies() {
        Path file = breakAfter(BEST + 2, Order.SAVE_AFTER_EARLY_STOPPING);
        EarlyStopping patient = EarlyStopping.onValidLoss().patience(5).minDelta(0.01);
        try (Learner l = blobs().optCallbacks(patient).build()) {
            String out = capture(() -> Checkpoint.read(file).resume(l));
            assertTrue(
                    out.startsWith(
                            "Note: the checkpoint's early stopping on validation loss (best"
                                    + " 0.000916 at epoch 4, counter 2 out of 3) had patience 3"),
                    out);
            assertTrue(out.contains("the learner's has patience 5"), out);
            assertEquals(2, patient.counter());
            String next = capture(() -> l.fit(1));
            assertTrue(next.startsWith("EarlyStopping counter: 3 out of 5\n"), next);
            assertFalse(patient.stopped(), "patience 5, not the saved 3");
        }
    }

    @Test
    void anotherModeStartsAfreshWithANote() {
        Path file = breakAfter(BEST + 2, Order.SAVE_AFTER_EARLY_STOPPING);
        EarlyStopping upside = EarlyStopping.onValidLoss().mode(Mode.MAX).patience(PATIENCE);
        try (Learner l = blobs().optCallbacks(upside).build()) {
            String out = capture(() -> Checkpoint.read(file).resume(l));
            assertEquals(
                    "Note: the checkpoint's early stopping on validation loss (best 0.000916 at"
                            + " epoch 4, counter 2 out of 3) was in mode MIN, the learner's is in"
                            + " mode MAX; it starts afresh.\n",
                    out);
            assertEquals(0, upside.counter());
            assertEquals(0, upside.bestEpoch());
        }
    }

    // ---------------------------------------------------------------- helpers

    private Run unbroken() {
        EarlyStopping es = stopper();
        try (Learner l = blobs().optCallbacks(es).build()) {
            List<String> lines = lines(capture(() -> l.fit(EPOCHS)));
            // The run this test is built on: stops at STOP, best at BEST.
            assertEquals(STOP, l.epochsDone(), String.join("\n", lines));
            assertEquals(BEST, es.bestEpoch(), String.join("\n", lines));
            assertEquals(StopReason.EARLY_STOPPED, l.lastStopReason());
            return new Run(l.history(), weights(l), lines);
        }
    }

    /** Trains, writes a checkpoint after epoch {@code k} and dies there; returns the file. */
    private Path breakAfter(int k, Order order) {
        return breakAfter(k, order, Checkpoint::save, "v4");
    }

    /** As {@link #breakAfter(int, Order)}, saving with {@code save} (e.g. the v3 kit's writer). */
    private Path breakAfter(int k, Order order, BiConsumer<Path, Learner> save, String label) {
        Path file = dir.resolve("k" + k + "-" + order + "-" + label + ".ckpt");
        Callback crash =
                new Callback() {
                    @Override
                    public void afterEpoch(Learner learner, EpochRecord record) {
                        if (record.epoch() == k) {
                            save.accept(file, learner);
                            // The notebook dies here: nothing after this epoch reaches the file.
                            Thread.currentThread().interrupt();
                        }
                    }
                };
        Callback[] callbacks =
                order == Order.SAVE_AFTER_EARLY_STOPPING
                        ? new Callback[] {stopper(), crash}
                        : new Callback[] {crash, stopper()};
        try (Learner l = blobs().optCallbacks(callbacks).build()) {
            capture(() -> l.fit(EPOCHS));
            Thread.interrupted();
        }
        assertEquals(k, Checkpoint.read(file).epoch());
        return file;
    }

    /** How many arrays the file's early-stopping parts hold. */
    private static int callbackArrays(Path file) {
        List<Entry> entries = new ArrayList<>();
        CheckpointFile.scan(file, part -> part.startsWith("early_stopping/"), entries::add);
        return entries.size();
    }

    private static List<Entry> entries(Path file, String part) {
        List<Entry> entries = new ArrayList<>();
        CheckpointFile.scan(file, part::equals, entries::add);
        return entries;
    }

    private static int utfLength(String s) {
        return 2 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static List<String> lines(String out) {
        return out.isEmpty() ? List.of() : List.of(out.replace("\r", "").split("\n"));
    }

    /** The printed lines after epoch {@code k}'s early-stopping line. */
    private static List<String> afterEpoch(List<String> lines, int k) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("Validation loss decreased") || line.startsWith("EarlyStopping")) {
                seen++;
                if (seen == k) {
                    return lines.subList(i + 1, lines.size());
                }
            }
        }
        throw new AssertionError("no line for epoch " + k + " in " + lines);
    }

    /** Rewrites {@code v3} in the layout of the kits before early stopping was saved (v2). */
    private static void writeVersionTwo(Path v3, Path v2) throws IOException {
        JsonObject json = JsonParser.parseString(CheckpointFile.check(v3).json()).getAsJsonObject();
        assertTrue(json.has("earlyStopping"));
        json.remove("earlyStopping");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(v2))) {
            out.writeUTF("resnet-course checkpoint v2");
            byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
            List<Entry> weights = entries(v3, CheckpointParts.MODEL);
            out.writeInt(weights.size());
            for (Entry e : weights) {
                out.writeUTF(e.name());
                out.writeInt(e.bytes().length);
                out.write(e.bytes());
            }
            List<Entry> state = entries(v3, CheckpointParts.OPTIMIZER);
            out.writeInt(state.size());
            for (Entry e : state) {
                out.writeUTF(e.name());
                out.writeUTF(e.key());
                out.writeInt(e.bytes().length);
                out.write(e.bytes());
            }
            out.writeUTF("end");
        }
    }
}
