package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.optim.FusedOptimizer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume: N epochs in one run equal k epochs, a checkpoint, a learner built from scratch and
 * resumed from it, and N − k more epochs — weights, learning rates and history.
 */
class ResumeTest {
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

    /** The learnable blobs, shuffled every epoch, validated on a held-out set. */
    private Learner.Builder blobs() {
        return Learner.builder()
                .setModel(Blobs.model())
                .setData(
                        Blobs.dataset(manager, 90, 15, 1, true, false),
                        Blobs.dataset(manager, 60, 30, 2, false, false))
                .optNoProgress()
                .optSeed(11);
    }

    @Test
    void adamWithStepLrResumesExactly() {
        Supplier<Learner> build =
                () -> blobs().optLearningRate(0.02).optSchedule(StepLr.of(2, 0.5)).build();
        // k = 3 is not a multiple of the step size: a restarted StepLR would decay a step late.
        assertResumesExactly(build, 5, 3, l -> {});
    }

    @Test
    void sgdWithMomentumPlateauAndBodyRateFactorResumesExactly() {
        Supplier<Learner> build =
                () ->
                        blobs().optOptimizer(OptimizerFactory.sgd(0.9))
                                .optLearningRate(0.05)
                                .optSchedule(
                                        ReduceLrOnPlateau.onValidLoss()
                                                .factor(0.5)
                                                .patience(0)
                                                .cooldown(1)
                                                .threshold(
                                                        0.05, ReduceLrOnPlateau.ThresholdMode.REL))
                                .build();
        // The saved run trains its body at 0.3 × the head's rate; the resumed one is built plain
        // and gets the factor from the checkpoint.
        History reference = assertResumesExactly(build, 6, 3, l -> l.setBodyLrFactor(0.3));
        double[] rates = reference.learningRates();
        assertTrue(
                rates[3] != rates[5] || rates[4] != rates[5],
                "the plateau schedule acts after the checkpoint: " + Arrays.toString(rates));
    }

    @Test
    void aVersionThreeFileOfThePreviousKitResumesExactly() {
        // The previous kit's writer (flat v3 layout), read by today's keyed reader: momentum
        // buffers, the plateau's counters, the body's rate factor, frozen names and the seed all
        // come back, and the run continues as if never stopped.
        Supplier<Learner> build =
                () ->
                        blobs().optOptimizer(OptimizerFactory.sgd(0.9))
                                .optLearningRate(0.05)
                                .optSchedule(
                                        ReduceLrOnPlateau.onValidLoss()
                                                .factor(0.5)
                                                .patience(0)
                                                .threshold(
                                                        0.05, ReduceLrOnPlateau.ThresholdMode.REL))
                                .build();
        assertResumesExactly(build, 5, 2, l -> l.setBodyLrFactor(0.3), VersionThreeWriter::save);
        assertEquals(3, Checkpoint.read(dir.resolve("k2.ckpt")).version());
    }

    @Test
    void aCheckpointOfAnInterruptedFitResumesExactly() {
        // One-cycle over the whole fit, stepped every batch: the resumed fit must continue the
        // cycle that started with the interrupted one, not start one of its own.
        Path file = dir.resolve("best.ckpt");
        Supplier<Learner.Builder> build =
                () -> blobs().optSchedule(OneCycleLr.of(0.05).pctStart(0.4));
        int epochs = 6;
        History reference;
        List<float[]> referenceWeights;
        try (Learner l = build.get().build()) {
            reference = l.fit(epochs);
            referenceWeights = weights(l);
        }
        try (Learner l =
                build.get()
                        .optCallbacks(
                                SaveBestModel.to(file).monitor(Metric.VALID_LOSS),
                                new Callback() {
                                    @Override
                                    public void beforeBatch(Learner learner, int epoch, int batch) {
                                        if (epoch == 4 && batch == 2) {
                                            // The notebook's stop button.
                                            Thread.currentThread().interrupt();
                                        }
                                    }
                                })
                        .build()) {
            l.fit(epochs);
            assertTrue(Thread.interrupted(), "the learner re-asserts the interrupt");
            assertEquals(StopReason.INTERRUPTED, l.lastStopReason());
            assertEquals(3, l.history().epochs().size());
        }
        Checkpoint ckpt = Checkpoint.read(file);
        int saved = ckpt.epoch();
        assertTrue(saved >= 1 && saved <= 3, "checkpoint of epoch " + saved);
        assertEquals(saved * 6.0, ckpt.scheduleState().get("last_epoch"), "one-cycle steps so far");
        assertEquals(epochs * 6.0, ckpt.scheduleState().get("total_steps"));
        SaveBestModel best = SaveBestModel.to(file).monitor(Metric.VALID_LOSS);
        try (Learner resumed = build.get().optCallbacks(best).build()) {
            ckpt.resume(resumed);
            assertEquals(ckpt.metricValue(), best.best(), "the best so far carries over");
            History h = resumed.fit(epochs - saved);
            assertSameHistory(reference, h);
            assertSameWeights(referenceWeights, weights(resumed));
        }
    }

    @Test
    void adamStateInTheCheckpointIsTorchsAfterThreeSteps() {
        // A linear classifier trained 3 batches by the learner, saved, and resumed into a fresh
        // learner: the resumed optimizer's state must be what torch.optim.Adam holds after the
        // same 3 steps from the same weights on the same batches.
        Path file = dir.resolve("linear.ckpt");
        ArrayDataset data = Blobs.dataset(manager, 30, 10, 1, false, false);
        Map<String, Object> spec = new LinkedHashMap<>();
        try (Learner l =
                Learner.builder()
                        .setModel(Linear.builder().setUnits(Blobs.CLASSES).build())
                        .setData(data, null)
                        .optLearningRate(0.01)
                        .optNoProgress()
                        .build()) {
            spec.put("weight", rows(l.block().getParameters().get("weight").getArray()));
            spec.put("bias", l.block().getParameters().get("bias").getArray().toFloatArray());
            List<float[]> x = new ArrayList<>();
            List<Float> y = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                var record = data.get(manager, i);
                x.add(record.getData().head().toFloatArray());
                y.add(record.getLabels().head().getFloat());
            }
            spec.put("x", x);
            spec.put("y", y);
            spec.put("batch", 10);
            spec.put("lr", 0.01);
            l.fit(1);
            Checkpoint.save(file, l);
        }
        JsonObject torch = PythonReference.run("adam_state.py", new Gson().toJson(spec));
        try (Learner resumed =
                Learner.builder()
                        .setModel(Linear.builder().setUnits(Blobs.CLASSES).build())
                        .setData(data, null)
                        .optLearningRate(0.01)
                        .optNoProgress()
                        .build()) {
            Checkpoint.read(file).resume(resumed);
            FusedOptimizer adam = (FusedOptimizer) resumed.optimizer();
            for (String name : List.of("weight", "bias")) {
                Parameter p = resumed.block().getParameters().get(name);
                JsonObject want = torch.getAsJsonObject("state").getAsJsonObject(name);
                Map<String, NDArray> got = adam.getState(p);
                assertEquals(Set.of("step", "exp_avg", "exp_avg_sq"), got.keySet(), name);
                assertEquals(3f, got.get("step").getFloat(), name + " step");
                for (String key : List.of("exp_avg", "exp_avg_sq")) {
                    assertClose(name + " " + key, flat(want.get(key)), got.get(key));
                }
                assertClose(
                        name + " weights",
                        flat(torch.getAsJsonObject("params").get(name)),
                        p.getArray());
            }
        }
    }

    @Test
    void frozenPartStageAndOptimizerStateAreRestored() {
        Path file = dir.resolve("frozen.ckpt");
        try (Learner l = blobs().build()) {
            l.freeze();
            l.setStage("frozen");
            l.fit(1);
            Checkpoint.save(file, l);
            try (Learner resumed = blobs().build()) {
                Checkpoint.read(file).resume(resumed);
                assertEquals("frozen", resumed.stage());
                Blobs.SplitMlp m = (Blobs.SplitMlp) resumed.block();
                for (Pair<String, Parameter> p : m.body().getParameters()) {
                    assertFalse(p.getValue().requiresGradient(), p.getKey() + " frozen");
                }
                for (Pair<String, Parameter> p : m.head().getParameters()) {
                    assertTrue(p.getValue().requiresGradient(), p.getKey() + " trainable");
                }
                FusedOptimizer saved = (FusedOptimizer) l.optimizer();
                FusedOptimizer loaded = (FusedOptimizer) resumed.optimizer();
                for (int i = 0; i < l.block().getParameters().size(); i++) {
                    Parameter a = l.block().getParameters().valueAt(i);
                    Parameter b = resumed.block().getParameters().valueAt(i);
                    var want = saved.getState(a);
                    var got = loaded.getState(b);
                    assertEquals(want.keySet(), got.keySet(), a.getName());
                    for (String name : want.keySet()) {
                        assertArrayEquals(
                                want.get(name).toFloatArray(), got.get(name).toFloatArray(), name);
                    }
                }
                // Frozen parameters never stepped, so they have no state, as in PyTorch.
                assertTrue(saved.getState(m.body().getParameters().valueAt(0)).isEmpty());
            }
        }
    }

    @Test
    void aVersionOneFileResumesTheWeightsAndSaysTheMomentsRestart() throws IOException {
        Path file = dir.resolve("old.ckpt");
        List<float[]> trained;
        try (Learner l = blobs().build()) {
            l.fit(1);
            trained = weights(l);
            writeVersionOne(file, l);
        }
        Checkpoint ckpt = Checkpoint.read(file);
        assertEquals(1, ckpt.version());
        assertEquals(1, ckpt.epoch());
        try (Learner resumed = blobs().build()) {
            String out = capture(() -> ckpt.resume(resumed));
            assertTrue(out.contains(file + " was written by an earlier kit (format v1)"), out);
            assertTrue(out.contains("optimizer moments and the schedule start afresh"), out);
            assertSameWeights(trained, weights(resumed));
            assertEquals(2, resumed.fit(1).last().orElseThrow().epoch());
        }
    }

    @Test
    void aTruncatedFileIsRefusedByName() throws IOException {
        Path file = dir.resolve("whole.ckpt");
        try (Learner l = blobs().build()) {
            l.fit(1);
            Checkpoint.save(file, l, Metric.VALID_LOSS, 0.5);
        }
        byte[] whole = Files.readAllBytes(file);
        assertEquals(4, Checkpoint.read(file).version());
        // In the settings, in the weights, in the optimizer state, in the end marker.
        assertCutShortIsRefused(
                whole,
                dir.resolve("cut.ckpt"),
                40,
                whole.length / 3,
                whole.length - 40,
                whole.length - 1);
    }

    /**
     * Writes the first {@code lengths} bytes of {@code whole} to {@code cut}, one length at a time,
     * and checks that reading it is refused as cut short, naming the file.
     */
    static void assertCutShortIsRefused(byte[] whole, Path cut, int... lengths) throws IOException {
        for (int length : lengths) {
            Files.write(cut, Arrays.copyOf(whole, length));
            var e = assertThrows(UncheckedIOException.class, () -> Checkpoint.read(cut));
            assertEquals(
                    "The checkpoint "
                            + cut
                            + " is cut short (truncated): it was not copied or written"
                            + " completely. Use another checkpoint or train again.",
                    e.getMessage(),
                    "cut at " + length + " of " + whole.length);
        }
    }

    @Test
    void resumingWithAnotherOptimizerIsRefusedNamingBoth() {
        Path file = dir.resolve("adam.ckpt");
        try (Learner l = blobs().build()) {
            l.fit(1);
            Checkpoint.save(file, l);
        }
        Checkpoint ckpt = Checkpoint.read(file);
        try (Learner sgd = blobs().optOptimizer(OptimizerFactory.sgd(0.9)).build()) {
            var e = assertThrows(IllegalArgumentException.class, () -> ckpt.resume(sgd));
            assertTrue(e.getMessage().startsWith("Checkpoint " + file), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains(
                                    "was trained with Adam(betas=(0.9, 0.999), eps=1.0E-8,"
                                            + " weight_decay=0.0) but the learner uses"
                                            + " SGD(momentum=0.9"),
                    e.getMessage());
            assertEquals(0, sgd.epochsDone(), "a refused resume changes nothing");
            assertTrue(sgd.history().epochs().isEmpty());
        }
    }

    @Test
    void aPlateauScheduleBeforeItsFirstEpochKeepsItsInfiniteBest() {
        // PyTorch starts ReduceLROnPlateau's best at inf (mode min); the JSON must carry it.
        Path file = dir.resolve("plateau.ckpt");
        try (Learner l = blobs().optSchedule(ReduceLrOnPlateau.onValidLoss()).build()) {
            l.fit(0);
            Checkpoint.save(file, l);
        }
        Checkpoint ckpt = Checkpoint.read(file);
        assertEquals(Double.POSITIVE_INFINITY, ckpt.scheduleState().get("best"));
        assertEquals(0.0, ckpt.scheduleState().get("num_bad_epochs"));
        ReduceLrOnPlateau plateau = ReduceLrOnPlateau.onValidLoss();
        try (Learner resumed = blobs().optSchedule(plateau).build()) {
            ckpt.resume(resumed);
            assertEquals(ckpt.scheduleState(), plateau.state());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A change made to the saved run before its first fit (e.g. discriminative rates). */
    private interface Setup {
        void apply(Learner learner);
    }

    /**
     * Trains {@code total} epochs in one run, and {@code k} epochs + checkpoint + a fresh learner
     * resumed for {@code total - k}; asserts both end the same. Returns the reference history.
     */
    private History assertResumesExactly(Supplier<Learner> build, int total, int k, Setup setup) {
        return assertResumesExactly(build, total, k, setup, Checkpoint::save);
    }

    /** As above, the checkpoint written by {@code save} (today's format or an earlier kit's). */
    private History assertResumesExactly(
            Supplier<Learner> build,
            int total,
            int k,
            Setup setup,
            java.util.function.BiConsumer<Path, Learner> save) {
        Path file = dir.resolve("k" + k + ".ckpt");
        History reference;
        List<float[]> referenceWeights;
        try (Learner l = build.get()) {
            setup.apply(l);
            reference = l.fit(total);
            referenceWeights = weights(l);
        }
        List<float[]> atK;
        try (Learner l = build.get()) {
            setup.apply(l);
            l.fit(k);
            atK = weights(l);
            save.accept(file, l);
        }
        try (Learner resumed = build.get()) {
            Checkpoint.read(file).resume(resumed);
            History h = resumed.fit(total - k);
            assertSameHistory(reference, h);
            assertSameWeights(referenceWeights, weights(resumed));
        }
        // The comparison means something: the weights moved after the checkpoint.
        assertNotEquals(Arrays.toString(atK.get(0)), Arrays.toString(referenceWeights.get(0)));
        return reference;
    }

    static void assertSameHistory(History expected, History actual) {
        List<EpochRecord> e = expected.epochs();
        List<EpochRecord> a = actual.epochs();
        assertEquals(e.size(), a.size(), "epochs");
        for (int i = 0; i < e.size(); i++) {
            String at = "epoch " + (i + 1);
            assertEquals(e.get(i).epoch(), a.get(i).epoch(), at);
            assertEquals(e.get(i).stage(), a.get(i).stage(), at);
            assertEquals(e.get(i).lr(), a.get(i).lr(), 0.0, at + " learning rate");
            assertEquals(e.get(i).trainLoss(), a.get(i).trainLoss(), 1e-6, at + " train loss");
            assertEquals(e.get(i).trainAccuracy(), a.get(i).trainAccuracy(), 1e-9, at);
            assertEquals(e.get(i).validLoss(), a.get(i).validLoss(), 1e-6, at + " valid loss");
            assertEquals(e.get(i).validAccuracy(), a.get(i).validAccuracy(), 1e-9, at);
            assertEquals(e.get(i).batches(), a.get(i).batches(), at);
        }
        List<BatchRecord> eb = expected.batches();
        List<BatchRecord> ab = actual.batches();
        assertEquals(eb.size(), ab.size(), "batches");
        for (int i = 0; i < eb.size(); i++) {
            String at = "batch record " + i;
            assertEquals(eb.get(i).iteration(), ab.get(i).iteration(), at);
            assertEquals(eb.get(i).epoch(), ab.get(i).epoch(), at);
            assertEquals(eb.get(i).batch(), ab.get(i).batch(), at);
            assertEquals(eb.get(i).lr(), ab.get(i).lr(), 0.0, at + " learning rate");
            assertEquals(eb.get(i).loss(), ab.get(i).loss(), 1e-6, at + " loss");
            assertEquals(eb.get(i).correct(), ab.get(i).correct(), at);
        }
    }

    static void assertSameWeights(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 1e-6f, "parameter " + i);
        }
    }

    static List<float[]> weights(Learner l) {
        List<float[]> w = new ArrayList<>();
        for (Pair<String, Parameter> p : l.block().getParameters()) {
            w.add(p.getValue().getArray().toFloatArray());
        }
        return w;
    }

    private static List<float[]> rows(NDArray matrix) {
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < matrix.getShape().get(0); i++) {
            try (NDArray row = matrix.get(i)) {
                rows.add(row.toFloatArray());
            }
        }
        return rows;
    }

    private static float[] flat(JsonElement json) {
        List<Float> values = new ArrayList<>();
        if (json.isJsonArray()) {
            for (JsonElement e : json.getAsJsonArray()) {
                for (float v : flat(e)) {
                    values.add(v);
                }
            }
        } else {
            values.add(json.getAsFloat());
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /**
     * Within float32 round-off of two different gradient computations (summing a batch with
     * cancellation): 1e-4 relative, or 1e-6 of the array's largest value. A wrong beta, bias
     * correction or step count is off by far more.
     */
    private static void assertClose(String what, float[] expected, NDArray actual) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length, what + " size");
        double largest = 0;
        for (float e : expected) {
            largest = Math.max(largest, Math.abs(e));
        }
        for (int i = 0; i < a.length; i++) {
            double tolerance = 1e-6 * largest + 1e-4 * Math.abs(expected[i]);
            assertEquals(expected[i], a[i], tolerance, what + " element " + i);
        }
    }

    static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The layout earlier kits wrote: magic v1, settings JSON, weights, nothing else. */
    private static void writeVersionOne(Path file, Learner l) throws IOException {
        String json =
                "{\"epoch\":1,\"iterations\":6,\"metric\":\"VALID_LOSS\",\"metricValue\":0.5,"
                        + "\"stage\":\"train\",\"learningRate\":0.001,"
                        + "\"optimizer\":\"io.github.resnetcourse.kit.optim.Adam\","
                        + "\"gradientAccumulation\":1,\"epochs\":[],\"batches\":[]}";
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeUTF("resnet-course checkpoint v1");
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.writeInt(l.block().getParameters().size());
            for (Pair<String, Parameter> p : l.block().getParameters()) {
                byte[] array = p.getValue().getArray().encode();
                out.writeUTF(p.getKey());
                out.writeInt(array.length);
                out.write(array);
            }
        }
    }
}
