package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.github.resnetcourse.kit.engine.ChannelsLast;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.optim.FusedOptimizer;
import io.github.resnetcourse.kit.optim.ParameterOptimizer;
import io.github.resnetcourse.kit.train.CheckpointFile.Entry;
import io.github.resnetcourse.kit.train.CheckpointFile.Section;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * <p>What it holds (PyTorch's {@code model.state_dict()}, {@code optimizer.state_dict()} and {@code
 * scheduler.state_dict()} in one file):
 *
 * <ul>
 *   <li>the weights of every parameter, by name;
 *   <li>the optimizer's per-parameter state when it is one of the kit's ({@link FusedOptimizer}):
 *       Adam's and AdamW's {@code exp_avg}, {@code exp_avg_sq} and {@code step}, SGD's {@code
 *       momentum_buffer}, plus its class and settings;
 *   <li>the learning rate, the per-parameter rate scales (the body-rate factor of discriminative
 *       rates) and which parameters are frozen;
 *   <li>the schedule's description and its {@link LrSchedule#state() state} (StepLR's {@code
 *       last_epoch}, ReduceLROnPlateau's {@code best}, {@code num_bad_epochs}, {@code
 *       cooldown_counter}, the cosine and one-cycle step counters);
 *   <li>epoch and iteration counters, stage label, the run's seed, gradient accumulation, the
 *       monitored metric and its value, and the whole history;
 *   <li>every {@link EarlyStopping} callback's state: metric, mode, patience, min delta, best value
 *       and epoch, counter, and whether it stopped the run; and its best weights when they are not
 *       the weights saved (a checkpoint written while the counter runs). When they are, they are
 *       stored once and {@code resume} rebuilds the copy from them.
 * </ul>
 *
 * <p>{@code resume} hands each stored early-stopping state to the learner's {@code EarlyStopping}
 * on the same metric (in order, if there are several), so the resumed run prints the same counter
 * lines, stops at the same epoch and restores the same weights as the unbroken one. A stored state
 * without such a callback, or a callback without a stored state, is named in a one-line note and
 * the run goes on.
 *
 * <p>The file is written to a temporary file and renamed ({@code fetch.AtomicFiles}), so a crash or
 * an interrupt never leaves a half-written checkpoint; a file cut short later (a failed copy) is
 * refused with its name. Files of earlier kits still load: version 2 lacks the early-stopping state
 * (a resume says early stopping starts afresh); version 1 holds weights and progress only (a resume
 * says that the optimizer moments and the schedule restart as well).
 *
 * <p>A DJL optimizer (built with {@code lr -> Optimizer.adam()...}) keeps its state private, so its
 * moments are not saved and restart on resume, as the resume then prints.
 */
public final class Checkpoint {
    private static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Path file;
    private final int version;
    private final Meta meta;

    /** The settings and progress stored next to the arrays, as JSON. */
    static final class Meta {
        int epoch;
        long iterations;
        String metric;
        double metricValue;
        String stage;
        double learningRate;
        String optimizer;
        int gradientAccumulation;
        String savedAt;
        List<EpochRecord> epochs;
        List<BatchRecord> batches;
        String schedule;
        // Version 2 on; absent (null) in version-1 files.
        String optimizerSettings;
        Map<String, Double> learningRateScales;
        List<String> frozen;
        Map<String, Double> scheduleState;
        Long seed;
        // Version 3 on: every EarlyStopping callback's state, in the learner's order.
        List<EarlyStopping.Saved> earlyStopping;
        // Optional in version 3: what frozen batch norm does (absent: TRAINING_STATISTICS).
        String batchNormWhenFrozen;
    }

    private Checkpoint(Path file, int version, Meta meta) {
        this.file = file;
        this.version = version;
        this.meta = meta;
    }

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
        Map<String, String> names = namesById(learner.block());
        Meta m = new Meta();
        m.epoch = learner.epochsDone();
        m.iterations = learner.iterations();
        m.metric = metric == null ? null : metric.name();
        m.metricValue = value;
        m.stage = learner.stage();
        m.learningRate = learner.learningRate();
        m.gradientAccumulation = learner.gradientAccumulation();
        m.savedAt = Instant.now().toString();
        m.epochs = new ArrayList<>(learner.history().epochs());
        m.batches = new ArrayList<>(learner.history().batches());
        m.seed = learner.seed();
        m.learningRateScales = new LinkedHashMap<>();
        learner.learningRateTracker()
                .scales()
                .forEach((id, scale) -> m.learningRateScales.put(names.get(id), scale));
        Freezing.State freezing = learner.freezing().state(names);
        m.frozen = freezing.frozen();
        m.batchNormWhenFrozen = freezing.batchNorm().name();
        ParameterOptimizer optimizer = learner.parameterOptimizer();
        m.optimizer = optimizer == null ? null : optimizer.asDjl().getClass().getName();
        List<Entry> state = List.of();
        if (optimizer != null && optimizer.savesState()) {
            m.optimizerSettings = optimizer.describeSettings();
            state = optimizerState(optimizer, learner.learnableParameters(), names);
        }
        LrSchedule schedule = learner.schedule();
        m.schedule = schedule == null ? null : schedule.describe();
        if (schedule != null && learner.scheduleStarted()) {
            m.scheduleState = new LinkedHashMap<>(schedule.state());
        }
        List<Entry> callbackArrays = new ArrayList<>();
        m.earlyStopping = earlyStopping(learner, callbackArrays);
        CheckpointFile.write(file, GSON.toJson(m), weights(learner.block()), state, callbackArrays);
    }

    /**
     * The state of each of the learner's {@link EarlyStopping} callbacks, adding the best weights
     * of those whose best epoch's weights are not the ones being saved to {@code arrays}.
     */
    private static List<EarlyStopping.Saved> earlyStopping(Learner learner, List<Entry> arrays) {
        List<EarlyStopping.Saved> states = new ArrayList<>();
        for (EarlyStopping es : earlyStoppers(learner)) {
            EarlyStopping.State s = es.state(learner);
            String owner = earlyStoppingOwner(states.size());
            s.arrays().forEach((name, array) -> arrays.add(new Entry(name, owner, array.encode())));
            states.add(s.settings());
        }
        return states;
    }

    private static List<EarlyStopping> earlyStoppers(Learner learner) {
        List<EarlyStopping> stoppers = new ArrayList<>();
        for (Callback c : learner.callbacks()) {
            if (c instanceof EarlyStopping es) {
                stoppers.add(es);
            }
        }
        return stoppers;
    }

    /** The key of the {@code index}-th early stopping's arrays in the file. */
    private static String earlyStoppingOwner(int index) {
        return "early_stopping/" + index;
    }

    private static List<Entry> weights(Block block) {
        List<Entry> weights = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            weights.add(new Entry(p.getKey(), null, p.getValue().getArray().encode()));
        }
        return weights;
    }

    private static List<Entry> optimizerState(
            ParameterOptimizer optimizer, List<Parameter> parameters, Map<String, String> names) {
        List<Entry> state = new ArrayList<>();
        for (Parameter p : parameters) {
            String name = names.get(p.getId());
            optimizer
                    .getState(p)
                    .forEach((key, array) -> state.add(new Entry(name, key, array.encode())));
        }
        return state;
    }

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
            Meta meta = GSON.fromJson(header.json(), Meta.class);
            if (meta == null) {
                throw new JsonParseException("no settings");
            }
            return new Checkpoint(file, header.version(), meta);
        } catch (JsonParseException e) {
            throw new UncheckedIOException(
                    "Could not read the checkpoint " + file + ": corrupt settings (" + e + ")",
                    new IOException(e));
        }
    }

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
        Map<String, Parameter> byName = parametersByName(block);
        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> stored = new LinkedHashMap<>();
            CheckpointFile.scan(
                    file,
                    Section.WEIGHTS,
                    e -> stored.put(e.parameter(), NDArray.decode(scratch, e.bytes())));
            if (stored.size() != byName.size()) {
                throw new IllegalArgumentException(
                        "Checkpoint "
                                + file
                                + " holds "
                                + stored.size()
                                + " parameters but the model has "
                                + byName.size()
                                + "; it was saved from a different architecture.");
            }
            for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                Parameter target = byName.get(e.getKey());
                if (target == null) {
                    throw new IllegalArgumentException(
                            "Checkpoint "
                                    + file
                                    + " has parameter '"
                                    + e.getKey()
                                    + "' the model lacks.");
                }
                NDArray live = target.getArray();
                if (!e.getValue().getShape().equals(live.getShape())) {
                    throw new IllegalArgumentException(
                            "Checkpoint "
                                    + file
                                    + ": parameter '"
                                    + e.getKey()
                                    + "' has shape "
                                    + e.getValue().getShape()
                                    + ", the model "
                                    + live.getShape()
                                    + ".");
                }
            }
            stored.forEach((name, array) -> array.copyTo(byName.get(name).getArray()));
        }
        // Copying values in lays the arrays out NCHW; the kit runs convolutions channels-last.
        ChannelsLast.apply(block);
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
        if (version >= 2) {
            // Refuse before anything changes, so a refused resume leaves the learner as it was.
            checkOptimizer(learner);
        }
        loadWeightsInto(learner.block());
        learner.restoreProgress(
                meta.epoch,
                meta.iterations,
                meta.learningRate,
                meta.epochs == null ? List.of() : meta.epochs,
                meta.batches == null ? List.of() : meta.batches);
        learner.setStage(meta.stage == null ? learner.stage() : meta.stage);
        continueBestModel(learner);
        continueEarlyStopping(learner);
        if (version < 2) {
            System.out.println(
                    "Checkpoint "
                            + file
                            + " was written by an earlier kit (format v1): weights, counters and"
                            + " history are restored, but the optimizer moments and the schedule"
                            + " start afresh, so the run will not continue exactly.");
            return;
        }
        if (meta.gradientAccumulation != learner.gradientAccumulation()) {
            System.out.println(
                    "Note: the checkpoint was trained with gradient accumulation "
                            + meta.gradientAccumulation
                            + ", the learner uses "
                            + learner.gradientAccumulation()
                            + "; the run goes on with the learner's.");
        }
        Map<String, Parameter> byName = parametersByName(learner.block());
        Map<String, String> names = namesById(learner.block());
        restoreRates(learner, byName);
        learner.freezing()
                .loadState(
                        new Freezing.State(
                                meta.frozen == null ? List.of() : meta.frozen,
                                batchNormWhenFrozen()),
                        names);
        restoreOptimizer(learner, byName, names);
        learner.continueRun(
                meta.seed == null ? learner.seed() : meta.seed, restoreSchedule(learner));
    }

    private BatchNormWhenFrozen batchNormWhenFrozen() {
        if (meta.batchNormWhenFrozen == null) {
            return BatchNormWhenFrozen.TRAINING_STATISTICS; // written before the choice existed
        }
        try {
            return BatchNormWhenFrozen.valueOf(meta.batchNormWhenFrozen);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Checkpoint "
                            + file
                            + " says frozen batch norm does '"
                            + meta.batchNormWhenFrozen
                            + "', which this kit does not know; it was written by another kit.",
                    e);
        }
    }

    private void restoreRates(Learner learner, Map<String, Parameter> byName) {
        LearningRate lr = learner.learningRateTracker();
        lr.clearScales();
        if (meta.learningRateScales != null) {
            meta.learningRateScales.forEach(
                    (name, scale) -> lr.setScale(parameter(byName, name).getId(), scale));
        }
    }

    private void restoreOptimizer(
            Learner learner, Map<String, Parameter> byName, Map<String, String> names) {
        if (meta.optimizer == null) {
            return; // saved before the first fit: nothing has moved yet
        }
        ParameterOptimizer optimizer = learner.optimizerForResume();
        if (!optimizer.savesState()) {
            System.out.println(
                    "The learner's optimizer ("
                            + optimizer.describeSettings()
                            + ") keeps its state private and cannot take saved state: its moments"
                            + " restart. Use the kit's optim.Adam/AdamW/Sgd to resume exactly.");
            return;
        }
        if (!optimizer.describeSettings().equals(meta.optimizerSettings)) {
            System.out.println(
                    "Note: the checkpoint's optimizer was "
                            + meta.optimizerSettings
                            + ", the learner's is "
                            + optimizer.describeSettings()
                            + "; the saved state is loaded and the new settings apply from now.");
        }
        Map<String, Map<String, NDArray>> stored = new LinkedHashMap<>();
        try (NDManager scratch = NDManager.newBaseManager()) {
            CheckpointFile.scan(
                    file,
                    Section.OPTIMIZER_STATE,
                    e -> {
                        parameter(byName, e.parameter());
                        stored.computeIfAbsent(e.parameter(), k -> new LinkedHashMap<>())
                                .put(e.key(), NDArray.decode(scratch, e.bytes()));
                    });
            for (Parameter p : learner.learnableParameters()) {
                String name = names.get(p.getId());
                try {
                    // Parameters without stored state get none: the next step starts it, as it
                    // would have in the saved run.
                    optimizer.setState(p, stored.getOrDefault(name, Map.of()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "Checkpoint " + file + ", parameter '" + name + "': " + e.getMessage(),
                            e);
                }
            }
        }
    }

    /** Refuses a learner whose kit optimizer is of another kind than the saved one. */
    private void checkOptimizer(Learner learner) {
        ParameterOptimizer optimizer = learner.optimizerForResume();
        if (meta.optimizer == null
                || !optimizer.savesState()
                || optimizer.asDjl().getClass().getName().equals(meta.optimizer)) {
            return;
        }
        throw new IllegalArgumentException(
                "Checkpoint "
                        + file
                        + " was trained with "
                        + (meta.optimizerSettings != null ? meta.optimizerSettings : meta.optimizer)
                        + " but the learner uses "
                        + optimizer.describeSettings()
                        + "; build the learner with the same optimizer to resume, or call"
                        + " loadWeightsInto(block) to start a new optimizer from the weights.");
    }

    /** Loads the schedule's state; returns whether the learner should continue it. */
    private boolean restoreSchedule(Learner learner) {
        LrSchedule schedule = learner.schedule();
        if (schedule == null || meta.scheduleState == null) {
            return false;
        }
        if (!schedule.describe().equals(meta.schedule)) {
            System.out.println(
                    "Note: the checkpoint's schedule was "
                            + meta.schedule
                            + ", the learner's is "
                            + schedule.describe()
                            + "; the learner's starts afresh at the next fit.");
            return false;
        }
        try {
            schedule.loadState(meta.scheduleState);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Checkpoint " + file + ": " + e.getMessage(), e);
        }
        return true;
    }

    private void continueBestModel(Learner learner) {
        if (meta.metric == null) {
            return;
        }
        Metric m = metric();
        for (Callback c : learner.callbacks()) {
            if (c instanceof SaveBestModel best && best.metric() == m) {
                best.loadState(meta.epoch, meta.metricValue);
            }
        }
    }

    /**
     * Gives each of the learner's {@link EarlyStopping} callbacks the stored state of the saved
     * run's callback on the same metric (the first stored to the first such callback, and so on); a
     * callback or a stored state without a partner is named in a note and the run goes on.
     */
    private void continueEarlyStopping(Learner learner) {
        List<EarlyStopping> live = earlyStoppers(learner);
        if (version < 3) {
            for (EarlyStopping es : live) {
                System.out.println(
                        "Note: checkpoint "
                                + file
                                + " was written by an earlier kit (format v"
                                + version
                                + ") and holds no early-stopping state; EarlyStopping on "
                                + label(es.metric())
                                + " starts afresh.");
                es.reset();
            }
            return;
        }
        List<EarlyStopping.Saved> saved =
                meta.earlyStopping == null ? List.of() : meta.earlyStopping;
        List<EarlyStopping> unmatched = new ArrayList<>(live);
        for (int i = 0; i < saved.size(); i++) {
            EarlyStopping.Saved s = saved.get(i);
            EarlyStopping es =
                    unmatched.stream().filter(c -> c.metric() == s.metric).findFirst().orElse(null);
            if (es == null) {
                System.out.println(
                        "Note: checkpoint "
                                + file
                                + " holds early stopping on "
                                + s.describe()
                                + ", but the learner has no EarlyStopping on that metric; the run"
                                + " goes on without it.");
                continue;
            }
            unmatched.remove(es);
            String owner = earlyStoppingOwner(i);
            es.loadState(s, meta.epoch, learner, () -> storedBestWeights(learner, owner));
        }
        for (EarlyStopping es : unmatched) {
            System.out.println(
                    "Note: checkpoint "
                            + file
                            + " holds no state for the learner's EarlyStopping on "
                            + label(es.metric())
                            + "; it starts afresh.");
            es.reset();
        }
    }

    /** Early stopping's best weights stored under {@code owner}, checked against the model. */
    private WeightsSnapshot storedBestWeights(Learner learner, String owner) {
        Map<String, Parameter> byName = parametersByName(learner.block());
        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> stored = new LinkedHashMap<>();
            CheckpointFile.scan(
                    file,
                    Section.CALLBACK_ARRAYS,
                    e -> {
                        if (owner.equals(e.key())) {
                            stored.put(e.parameter(), NDArray.decode(scratch, e.bytes()));
                        }
                    });
            for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                Parameter p = byName.get(e.getKey());
                if (p == null || !p.getArray().getShape().equals(e.getValue().getShape())) {
                    throw new IllegalArgumentException(
                            "Checkpoint "
                                    + file
                                    + ": early stopping's best weights for '"
                                    + e.getKey()
                                    + "' do not fit the model; the file is corrupt.");
                }
            }
            if (!stored.keySet().equals(byName.keySet())) {
                throw new IllegalArgumentException(
                        "Checkpoint "
                                + file
                                + " holds early stopping's best weights for "
                                + stored.size()
                                + " of the model's "
                                + byName.size()
                                + " parameters; the file is corrupt.");
            }
            return WeightsSnapshot.of(stored, learner.model().getNDManager());
        }
    }

    private static String label(Metric metric) {
        return metric.label().toLowerCase(Locale.ROOT);
    }

    private Parameter parameter(Map<String, Parameter> byName, String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException(
                    "Checkpoint "
                            + file
                            + " has state for parameter '"
                            + name
                            + "' the model lacks.");
        }
        return p;
    }

    /** The block's parameters by name (the names the file uses), in the block's order. */
    private static Map<String, Parameter> parametersByName(Block block) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        return byName;
    }

    /** Parameter id → name in the block (the names the file uses). */
    private static Map<String, String> namesById(Block block) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
        }
        return names;
    }

    /**
     * The file format's version: 3 for this kit's files, 2 for files without early-stopping state,
     * 1 for weights-only files.
     */
    public int version() {
        return version;
    }

    /** The epoch the checkpoint was written after. */
    public int epoch() {
        return meta.epoch;
    }

    /** The metric the checkpoint was chosen by, or null. */
    public Metric metric() {
        return meta.metric == null ? null : Metric.valueOf(meta.metric);
    }

    /** The metric's value at {@link #epoch()}. */
    public double metricValue() {
        return meta.metricValue;
    }

    /** The learning rate in force when saved (the head's; see {@link #learningRateScales()}). */
    public double learningRate() {
        return meta.learningRate;
    }

    /**
     * The parameters whose rate was a multiple of {@link #learningRate()} (discriminative rates),
     * by name, with that multiple; empty when every parameter trained at the same rate.
     */
    public Map<String, Double> learningRateScales() {
        return meta.learningRateScales == null ? Map.of() : Map.copyOf(meta.learningRateScales);
    }

    /** The optimizer's class name, or null if none had been created. */
    public String optimizer() {
        return meta.optimizer;
    }

    /**
     * The kit optimizer's rule and settings, e.g. {@code Adam(betas=(0.9, 0.999), eps=1.0E-8,
     * weight_decay=0.0)}, or null (a DJL optimizer, a version-1 file).
     */
    public String optimizerSettings() {
        return meta.optimizerSettings;
    }

    /** The schedule's description, or null. */
    public String schedule() {
        return meta.schedule;
    }

    /** The schedule's saved state (e.g. {@code last_epoch}), empty if none. */
    public Map<String, Double> scheduleState() {
        return meta.scheduleState == null ? Map.of() : Map.copyOf(meta.scheduleState);
    }

    /** The stage label when saved. */
    public String stage() {
        return meta.stage;
    }

    /** Gradient accumulation in force when saved. */
    public int gradientAccumulation() {
        return meta.gradientAccumulation;
    }

    /** The epochs recorded up to the checkpoint. */
    public List<EpochRecord> epochs() {
        return meta.epochs == null ? List.of() : List.copyOf(meta.epochs);
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
                + meta.epoch
                + ", "
                + meta.metric
                + "="
                + meta.metricValue
                + "]";
    }
}
