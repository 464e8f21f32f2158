package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.optim.FusedOptimizer;
import io.github.resnetcourse.kit.train.CheckpointFile.Entry;
import io.github.resnetcourse.kit.train.Optimization.OptimizerState;
import io.github.resnetcourse.kit.train.Optimization.ScheduleState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint in one file, enough to continue the run exactly: a {@link Learner} built as
 * before and {@link #resume resumed} from it trains on to the same weights, learning rates and
 * history as the run that was never stopped.
 *
 * <pre>{@code
 * Learner learn = Learner.builder().setModel(model).setData(train, test)
 *         .optCallbacks(SaveBestModel.to(path)).build();     // as the saved run was built
 * Checkpoint.read(path).resume(learn);
 * learn.fit(5);                                              // continues with the next epoch
 * }</pre>
 *
 * <p>The checkpoint owns no state of its own: like PyTorch's {@code {"model": model.state_dict(),
 * "optimizer": optimizer.state_dict(), ...}}, it stores each part's {@code state()} under the
 * part's name and hands it back to the part's {@code loadState} — the model's weights, the
 * optimizer with its moments, the learning rate with its group scales, the schedule, the frozen
 * groups, the counters, the data order (the run's seed), the history, the best value of {@link
 * SaveBestModel}, and each {@link EarlyStopping} (its best weights too, when they are not the
 * weights saved). {@link CheckpointParts} lists the parts and their owners.
 *
 * <p>{@code resume} hands each stored early-stopping state to the learner's {@code EarlyStopping}
 * on the same metric (in order, if there are several), so the resumed run prints the same counter
 * lines, stops at the same epoch and restores the same weights as the unbroken one. A stored state
 * without such a callback, or a callback without a stored state, is named in a one-line note and
 * the run goes on.
 *
 * <p>The file is written to a temporary file and renamed ({@code fetch.AtomicFiles}), so a crash or
 * an interrupt never leaves a half-written checkpoint; a file cut short later (a failed copy) is
 * refused with its name. Files of earlier kits still load ({@link LegacyCheckpoint}): version 3
 * completely; version 2 lacks the early-stopping state (a resume says early stopping starts
 * afresh); version 1 holds weights and progress only (a resume says that the optimizer moments and
 * the schedule restart as well). A newer kit's file is refused by name.
 *
 * <p>A DJL optimizer (built with {@code lr -> Optimizer.adam()...}) keeps its state private, so its
 * moments are not saved and restart on resume, as the resume then prints. The kit's ({@link
 * FusedOptimizer}) save theirs.
 *
 * <p>Why this file is over 400 lines: {@link #save} and {@link #resume} are a page each, one line
 * per part; the rest is the read-only view of what a file holds ({@link #epoch()}, {@link
 * #metric()}, ...), which lessons print, with its Javadoc.
 */
public final class Checkpoint {
    private static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Path file;
    private final int version;
    private final JsonObject parts;

    private Checkpoint(Path file, int version, JsonObject parts) {
        this.file = file;
        this.version = version;
        this.parts = parts;
    }

    // ---------------------------------------------------------------- save

    /**
     * Saves {@code learner}'s weights, optimizer and schedule state, progress and early stopping to
     * {@code file}, atomically, e.g. after {@code fit(k)} to continue later.
     */
    public static void save(Path file, Learner learner) {
        save(file, learner, null, Double.NaN);
    }

    /**
     * Saves {@code learner}'s weights, optimizer and schedule state, progress and early stopping to
     * {@code file}, atomically, with the metric it was chosen by ({@link SaveBestModel} does this).
     *
     * @param metric the metric the checkpoint was chosen by (or null)
     * @param value its value
     */
    public static void save(Path file, Learner learner, Metric metric, double value) {
        Map<String, String> names = ModelWeights.namesById(learner.block());
        Optimization optimization = learner.optimization();
        Writer w = new Writer();
        Map<String, NDArray> weights = ModelWeights.state(learner.block());
        w.put(CheckpointParts.MODEL, new CheckpointParts.Model(weights.size()));
        weights.forEach((name, array) -> w.array(CheckpointParts.MODEL, name, "", array));
        w.put(CheckpointParts.OPTIMIZER, optimization.optimizerState());
        optimization
                .optimizerArrays(names)
                .forEach(
                        (name, state) ->
                                state.forEach(
                                        (key, array) ->
                                                w.array(
                                                        CheckpointParts.OPTIMIZER,
                                                        name,
                                                        key,
                                                        array)));
        w.put(CheckpointParts.LEARNING_RATE, optimization.rate().state(names));
        w.put(CheckpointParts.SCHEDULE, optimization.scheduleState());
        w.put(CheckpointParts.FREEZING, learner.freezing().state(names));
        w.put(CheckpointParts.PROGRESS, learner.progress().state());
        w.put(CheckpointParts.DATA_ORDER, learner.progress().dataOrder());
        w.put(CheckpointParts.HISTORY, learner.history().state());
        w.put(
                CheckpointParts.RUN,
                new CheckpointParts.Run(learner.gradientAccumulation(), Instant.now().toString()));
        if (metric != null) {
            w.put(CheckpointParts.BEST_MODEL, new CheckpointParts.BestModel(metric.name(), value));
        }
        List<EarlyStopping> stoppers = earlyStoppers(learner);
        for (int i = 0; i < stoppers.size(); i++) {
            String part = CheckpointParts.earlyStopping(i);
            EarlyStopping.State s = stoppers.get(i).state(learner);
            w.put(part, s.settings());
            s.arrays().forEach((name, array) -> w.array(part, name, "", array));
        }
        CheckpointFile.write(file, GSON.toJson(w.parts), w.arrays);
    }

    /** Collects the parts' settings (JSON) and arrays (encoded) of a file being written. */
    private static final class Writer {
        final JsonObject parts = new JsonObject();
        final List<Entry> arrays = new ArrayList<>();

        /** The part's state under its name; a null state (no such part) is left out. */
        void put(String part, Object state) {
            if (state != null) {
                parts.add(part, GSON.toJsonTree(state));
            }
        }

        void array(String part, String name, String key, NDArray array) {
            arrays.add(new Entry(part, name, key, array.encode()));
        }
    }

    static List<EarlyStopping> earlyStoppers(Learner learner) {
        List<EarlyStopping> stoppers = new ArrayList<>();
        for (Callback c : learner.callbacks()) {
            if (c instanceof EarlyStopping es) {
                stoppers.add(es);
            }
        }
        return stoppers;
    }

    // ---------------------------------------------------------------- read

    /**
     * Reads a checkpoint's settings and checks that the whole file is there; the arrays are read by
     * {@link #loadWeightsInto} and {@link #resume}.
     *
     * @throws UncheckedIOException naming the file if it is missing, not a checkpoint, cut short or
     *     corrupt
     */
    public static Checkpoint read(Path file) {
        CheckpointFile.Header header = CheckpointFile.check(file);
        try {
            JsonElement json = JsonParser.parseString(header.json());
            if (!json.isJsonObject()) {
                throw new JsonParseException("no settings");
            }
            JsonObject parts =
                    header.version() < 4
                            ? LegacyCheckpoint.toParts(json.getAsJsonObject(), header.version())
                            : json.getAsJsonObject();
            return new Checkpoint(file, header.version(), parts);
        } catch (JsonParseException | IllegalStateException e) {
            throw new UncheckedIOException(
                    "Could not read the checkpoint " + file + ": corrupt settings (" + e + ")",
                    new IOException(e));
        }
    }

    /** The part's state as {@code type}, or null if the file has no such part. */
    <T> T part(String name, Class<T> type) {
        JsonElement e = parts.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        try {
            return GSON.fromJson(e, type);
        } catch (JsonParseException | IllegalStateException | NumberFormatException ex) {
            throw new UncheckedIOException(
                    "Could not read the checkpoint "
                            + file
                            + ": corrupt part '"
                            + name
                            + "' ("
                            + ex
                            + ")",
                    new IOException(ex));
        }
    }

    /**
     * The arrays of {@code part} by name and key, decoded into {@code scratch}: one pass over the
     * file, the other parts' arrays skipped.
     */
    private Map<String, Map<String, NDArray>> arrays(String part, NDManager scratch) {
        Map<String, Map<String, NDArray>> arrays = new LinkedHashMap<>();
        CheckpointFile.scan(
                file,
                part::equals,
                e ->
                        arrays.computeIfAbsent(e.name(), k -> new LinkedHashMap<>())
                                .put(e.key(), NDArray.decode(scratch, e.bytes())));
        return arrays;
    }

    /** The arrays of a part that keeps one array per parameter (no keys). */
    Map<String, NDArray> parameterArrays(String part, NDManager scratch) {
        Map<String, NDArray> byName = new LinkedHashMap<>();
        arrays(part, scratch).forEach((name, keyed) -> byName.put(name, keyed.get("")));
        return byName;
    }

    // ---------------------------------------------------------------- load and resume

    /**
     * Copies the stored weights into {@code model}, as PyTorch's {@code
     * model.load_state_dict(checkpoint['state_dict'])} does; see {@link #loadWeightsInto(Block)}.
     */
    public void loadWeightsInto(ImageClassifier model) {
        loadWeightsInto(model.block());
    }

    /**
     * Copies the stored weights into {@code block}, in place, after checking that every parameter
     * exists with the same shape (nothing is copied if one does not).
     */
    public void loadWeightsInto(Block block) {
        try (NDManager scratch = NDManager.newBaseManager()) {
            ModelWeights.loadState(block, parameterArrays(CheckpointParts.MODEL, scratch), file);
        }
    }

    /**
     * Resumes {@code learner} from this checkpoint so that its next {@code fit} continues the saved
     * run exactly: weights, optimizer state, learning rate and scales, frozen parameters, schedule
     * state, epoch and iteration counters, seed, stage, history and early stopping. Build the
     * learner as the saved run was built (same model, data, optimizer and schedule settings) and
     * call this before {@code fit}. A {@link SaveBestModel} on the same metric continues from the
     * stored best, so it does not overwrite the checkpoint with a worse model.
     *
     * @throws IllegalArgumentException if the model or the optimizer differs from the saved one
     */
    public void resume(Learner learner) {
        String source = "Checkpoint " + file;
        Optimization optimization = learner.optimization();
        OptimizerState optimizer = part(CheckpointParts.OPTIMIZER, OptimizerState.class);
        // Refuse before anything changes, so a refused resume leaves the learner as it was.
        optimization.checkOptimizer(optimizer, source);
        loadWeightsInto(learner.block());
        RunProgress.State progress = part(CheckpointParts.PROGRESS, RunProgress.State.class);
        if (progress != null) {
            learner.progress().loadState(progress);
        }
        History.State history = part(CheckpointParts.HISTORY, History.State.class);
        if (history != null) {
            learner.history().loadState(history);
        }
        Map<String, String> idsByName = new LinkedHashMap<>();
        ModelWeights.namesById(learner.block()).forEach((id, name) -> idsByName.put(name, id));
        LearningRate.State rate = part(CheckpointParts.LEARNING_RATE, LearningRate.State.class);
        try {
            if (rate != null) {
                optimization.rate().loadState(rate, idsByName);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " " + e.getMessage(), e);
        }
        continueBestModel(learner);
        EarlyStoppingResume.continueFrom(this, learner);
        if (version < 2) {
            System.out.println(
                    source
                            + " was written by an earlier kit (format v1): weights, counters and"
                            + " history are restored, but the optimizer moments and the schedule"
                            + " start afresh, so the run will not continue exactly.");
            return;
        }
        CheckpointParts.Run run = part(CheckpointParts.RUN, CheckpointParts.Run.class);
        if (run != null && run.gradientAccumulation() != learner.gradientAccumulation()) {
            System.out.println(
                    "Note: the checkpoint was trained with gradient accumulation "
                            + run.gradientAccumulation()
                            + ", the learner uses "
                            + learner.gradientAccumulation()
                            + "; the run goes on with the learner's.");
        }
        Map<String, String> names = ModelWeights.namesById(learner.block());
        learner.freezing().loadState(freezingState(), names);
        try (NDManager scratch = NDManager.newBaseManager()) {
            optimization.loadOptimizerState(
                    optimizer, arrays(CheckpointParts.OPTIMIZER, scratch), names, source);
        }
        optimization.syncScales();
        RunProgress.DataOrder order = part(CheckpointParts.DATA_ORDER, RunProgress.DataOrder.class);
        if (order != null) {
            learner.progress().loadDataOrder(order);
        }
        optimization.loadScheduleState(part(CheckpointParts.SCHEDULE, ScheduleState.class), source);
    }

    /** The freezing part; its batch-norm policy is checked by name, not silently dropped. */
    private Freezing.State freezingState() {
        JsonObject o =
                parts.has(CheckpointParts.FREEZING)
                        ? parts.getAsJsonObject(CheckpointParts.FREEZING)
                        : new JsonObject();
        List<String> frozen = new ArrayList<>();
        if (o.has("frozen")) {
            o.getAsJsonArray("frozen").forEach(e -> frozen.add(e.getAsString()));
        }
        String policy =
                o.has("batchNorm")
                        ? o.get("batchNorm").getAsString()
                        : BatchNormWhenFrozen.TRAINING_STATISTICS.name();
        try {
            return new Freezing.State(frozen, BatchNormWhenFrozen.valueOf(policy));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Checkpoint "
                            + file
                            + " says frozen batch norm does '"
                            + policy
                            + "', which this kit does not know; it was written by another kit.",
                    e);
        }
    }

    private void continueBestModel(Learner learner) {
        Metric m = metric();
        if (m == null) {
            return;
        }
        for (Callback c : learner.callbacks()) {
            if (c instanceof SaveBestModel best && best.metric() == m) {
                best.loadState(epoch(), metricValue());
            }
        }
    }

    // ---------------------------------------------------------------- what the file holds

    /**
     * The file format's version: 4 for this kit's files (keyed by part), 3 and 2 for the flat
     * layout with and without early-stopping state, 1 for weights-only files.
     */
    public int version() {
        return version;
    }

    /** The names of the parts the file holds (for earlier versions, as read into parts). */
    public List<String> parts() {
        return List.copyOf(parts.keySet());
    }

    /** Whether the file holds part {@code name}. */
    boolean has(String name) {
        return parts.has(name);
    }

    /** The epoch the checkpoint was written after. */
    public int epoch() {
        RunProgress.State p = part(CheckpointParts.PROGRESS, RunProgress.State.class);
        return p == null ? 0 : p.epoch();
    }

    /** The metric the checkpoint was chosen by, or null. */
    public Metric metric() {
        CheckpointParts.BestModel b =
                part(CheckpointParts.BEST_MODEL, CheckpointParts.BestModel.class);
        return b == null || b.metric() == null ? null : Metric.valueOf(b.metric());
    }

    /** The metric's value at {@link #epoch()} (NaN when not chosen by a metric). */
    public double metricValue() {
        CheckpointParts.BestModel b =
                part(CheckpointParts.BEST_MODEL, CheckpointParts.BestModel.class);
        return b == null ? Double.NaN : b.value();
    }

    /** The learning rate in force when saved (the head's; see {@link #learningRateScales()}). */
    public double learningRate() {
        LearningRate.State r = part(CheckpointParts.LEARNING_RATE, LearningRate.State.class);
        return r == null ? Double.NaN : r.rate();
    }

    /**
     * The parameters whose rate was a multiple of {@link #learningRate()} (discriminative rates),
     * by name, with that multiple; empty when every parameter trained at the same rate.
     */
    public Map<String, Double> learningRateScales() {
        LearningRate.State r = part(CheckpointParts.LEARNING_RATE, LearningRate.State.class);
        return r == null || r.scales() == null ? Map.of() : Map.copyOf(r.scales());
    }

    /** The optimizer's class name, or null if none had been created. */
    public String optimizer() {
        OptimizerState o = part(CheckpointParts.OPTIMIZER, OptimizerState.class);
        return o == null ? null : o.className();
    }

    /**
     * The kit optimizer's rule and settings, e.g. {@code Adam(betas=(0.9, 0.999), eps=1.0E-8,
     * weight_decay=0.0)}, or null (a DJL optimizer, a version-1 file).
     */
    public String optimizerSettings() {
        OptimizerState o = part(CheckpointParts.OPTIMIZER, OptimizerState.class);
        return o == null ? null : o.settings();
    }

    /** The schedule's description, or null. */
    public String schedule() {
        ScheduleState s = part(CheckpointParts.SCHEDULE, ScheduleState.class);
        return s == null ? null : s.description();
    }

    /** The schedule's saved state (e.g. {@code last_epoch}), empty if none. */
    public Map<String, Double> scheduleState() {
        ScheduleState s = part(CheckpointParts.SCHEDULE, ScheduleState.class);
        return s == null || s.progress() == null ? Map.of() : Map.copyOf(s.progress());
    }

    /** The stage label when saved. */
    public String stage() {
        RunProgress.State p = part(CheckpointParts.PROGRESS, RunProgress.State.class);
        return p == null ? null : p.stage();
    }

    /** Gradient accumulation in force when saved. */
    public int gradientAccumulation() {
        CheckpointParts.Run r = part(CheckpointParts.RUN, CheckpointParts.Run.class);
        return r == null ? 0 : r.gradientAccumulation();
    }

    /** The epochs recorded up to the checkpoint. */
    public List<EpochRecord> epochs() {
        History.State h = part(CheckpointParts.HISTORY, History.State.class);
        return h == null || h.epochs() == null ? List.of() : List.copyOf(h.epochs());
    }

    /** The file. */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "Checkpoint["
                + file
                + ", v"
                + version
                + ", epoch "
                + epoch()
                + ", "
                + metric()
                + "="
                + metricValue()
                + "]";
    }
}
