package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.github.resnetcourse.kit.models.ParameterGroup;
import io.github.resnetcourse.kit.optim.ParameterOptimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one optimizer step depends on, in one place: the optimizer (created lazily from its
 * factory, so a resume can load its state before the first fit), the learning rate with its
 * per-group scales, and the schedule that moves the rate. The learner owns one; the loop asks it to
 * {@link #step} and to end an epoch, and a {@link Checkpoint} reads and restores its parts.
 */
final class Optimization {
    private final LearningRate lr;
    private final List<Parameter> learnable;
    private OptimizerFactory factory;
    private ParameterOptimizer optimizer;
    private LrSchedule schedule;
    private boolean scheduleStarted;

    Optimization(
            OptimizerFactory factory,
            LearningRate lr,
            LrSchedule schedule,
            List<Parameter> learnable) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.lr = Objects.requireNonNull(lr, "lr");
        this.schedule = schedule;
        this.learnable = List.copyOf(learnable);
    }

    /** The optimizer the next step uses, created now if none has been, with the rate scales. */
    ParameterOptimizer optimizer() {
        if (optimizer == null) {
            optimizer = ParameterOptimizer.of(factory.create(lr));
            syncScales();
        }
        return optimizer;
    }

    /** The optimizer if one has been created, else null. */
    ParameterOptimizer optimizerOrNull() {
        return optimizer;
    }

    /** A new optimizer (fresh state) from {@code newFactory} at the next step. */
    void replaceOptimizer(OptimizerFactory newFactory) {
        this.factory = Objects.requireNonNull(newFactory, "factory");
        this.optimizer = null;
    }

    /** The learning-rate tracker (base rate and per-parameter scales). */
    LearningRate rate() {
        return lr;
    }

    /**
     * Discriminative rates: every group but the last (the head) trains at {@code factor ×} the base
     * rate; 1 clears the scales.
     */
    void setBodyFactor(List<ParameterGroup> groups, double factor) {
        lr.clearScales();
        if (factor != 1.0) {
            for (ParameterGroup g : groups.subList(0, groups.size() - 1)) {
                for (Parameter p : g.parameters()) {
                    lr.setScale(p.getId(), factor);
                }
            }
        }
        syncScales();
    }

    /** Hands the tracker's per-parameter scales to the optimizer (after a resume restored them). */
    void syncScales() {
        if (optimizer == null) {
            return; // created with them
        }
        for (Parameter p : learnable) {
            optimizer.setRateScale(List.of(p), lr.scale(p.getId()));
        }
    }

    /** The schedule, or null. */
    LrSchedule schedule() {
        return schedule;
    }

    /** Replaces the schedule (null for none); it starts at the next fit. */
    void setSchedule(LrSchedule newSchedule) {
        this.schedule = newSchedule;
        this.scheduleStarted = false;
    }

    /** Whether the schedule has started (then its state means something). */
    boolean scheduleStarted() {
        return scheduleStarted;
    }

    /** Starts the schedule at the first fit after it was set (PyTorch constructs it then). */
    void beforeFit(FitPlan plan) {
        optimizer();
        syncScales();
        if (schedule != null && !scheduleStarted) {
            lr.set(schedule.start(lr.get(), plan));
            scheduleStarted = true;
        }
    }

    /** One optimizer step at the rate in force, then one step of a per-batch schedule. */
    void step(List<Parameter> trainable) {
        // The learner's rate is the one in force: handed to the kit's optimizers, read by DJL's
        // from their tracker (the same LearningRate).
        optimizer.step(trainable, lr.get());
        if (schedule != null) {
            lr.set(schedule.afterBatch(lr.get()));
        }
    }

    /** One step of a per-epoch schedule, judged on the epoch just recorded. */
    void afterEpoch(EpochRecord record) {
        if (schedule != null) {
            lr.set(schedule.afterEpoch(lr.get(), record));
        }
    }

    // ---------------------------------------------------------------- checkpoint state

    /**
     * The optimizer's share of a checkpoint (part {@code optimizer}): its class, its rule and
     * settings, and whether its per-parameter arrays (stored next to it) are all it depends on.
     */
    record OptimizerState(String className, String settings, boolean savesState) {}

    /** The optimizer's state, or null before one was created (nothing has moved yet). */
    OptimizerState optimizerState() {
        if (optimizer == null) {
            return null;
        }
        return new OptimizerState(
                optimizer.asDjl().getClass().getName(),
                optimizer.savesState() ? optimizer.describeSettings() : null,
                optimizer.savesState());
    }

    /**
     * The optimizer's per-parameter arrays, parameter name → state name ({@code exp_avg}, ...) →
     * the optimizer's own array (encode it, never close it); empty for DJL's optimizers.
     */
    Map<String, Map<String, NDArray>> optimizerArrays(Map<String, String> namesById) {
        Map<String, Map<String, NDArray>> arrays = new LinkedHashMap<>();
        if (optimizer != null && optimizer.savesState()) {
            for (Parameter p : learnable) {
                Map<String, NDArray> state = optimizer.getState(p);
                if (!state.isEmpty()) {
                    arrays.put(namesById.get(p.getId()), state);
                }
            }
        }
        return arrays;
    }

    /**
     * Refuses a saved state of another kind of kit optimizer than this learner's, before anything
     * changes; {@code source} names the checkpoint in the message.
     */
    void checkOptimizer(OptimizerState saved, String source) {
        if (saved == null) {
            return; // saved before the first fit, or by a kit that stored no optimizer
        }
        ParameterOptimizer live = optimizer();
        if (!live.savesState() || live.asDjl().getClass().getName().equals(saved.className())) {
            return;
        }
        throw new IllegalArgumentException(
                source
                        + " was trained with "
                        + (saved.settings() != null ? saved.settings() : saved.className())
                        + " but the learner uses "
                        + live.describeSettings()
                        + "; build the learner with the same optimizer to resume, or call"
                        + " loadWeightsInto(block) to start a new optimizer from the weights.");
    }

    /**
     * Loads a saved optimizer state, {@code arrays} by parameter name and state name; parameters
     * without stored state get none, so their next step starts it, as it would have in the saved
     * run. A DJL optimizer, which keeps its moments private, restarts them (said in a note).
     */
    void loadOptimizerState(
            OptimizerState saved,
            Map<String, Map<String, NDArray>> arrays,
            Map<String, String> namesById,
            String source) {
        if (saved == null) {
            return; // saved before the first fit: nothing had moved yet
        }
        ParameterOptimizer live = optimizer();
        if (!live.savesState()) {
            System.out.println(
                    "The learner's optimizer ("
                            + live.describeSettings()
                            + ") keeps its state private and cannot take saved state: its moments"
                            + " restart. Use the kit's optim.Adam/AdamW/Sgd to resume exactly.");
            return;
        }
        if (!live.describeSettings().equals(saved.settings())) {
            System.out.println(
                    "Note: the checkpoint's optimizer was "
                            + saved.settings()
                            + ", the learner's is "
                            + live.describeSettings()
                            + "; the saved state is loaded and the new settings apply from now.");
        }
        for (String name : arrays.keySet()) {
            if (!namesById.containsValue(name)) {
                throw new IllegalArgumentException(
                        source + " has state for parameter '" + name + "' the model lacks.");
            }
        }
        for (Parameter p : learnable) {
            String name = namesById.get(p.getId());
            try {
                live.setState(p, arrays.getOrDefault(name, Map.of()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        source + ", parameter '" + name + "': " + e.getMessage(), e);
            }
        }
    }

    /**
     * The schedule's share of a checkpoint (part {@code schedule}): its description, and its
     * progress under PyTorch's {@code state_dict} names once started (else null).
     */
    record ScheduleState(String description, Map<String, Double> progress) {}

    /** The schedule's state, or null without a schedule. */
    ScheduleState scheduleState() {
        if (schedule == null) {
            return null;
        }
        return new ScheduleState(
                schedule.describe(),
                scheduleStarted ? new LinkedHashMap<>(schedule.state()) : null);
    }

    /**
     * Continues a saved schedule at the next fit when it is the learner's (same description);
     * another schedule, or one saved before it started, starts afresh (the first said in a note).
     */
    void loadScheduleState(ScheduleState saved, String source) {
        scheduleStarted = false;
        if (schedule == null || saved == null || saved.progress() == null) {
            return;
        }
        if (!schedule.describe().equals(saved.description())) {
            System.out.println(
                    "Note: the checkpoint's schedule was "
                            + saved.description()
                            + ", the learner's is "
                            + schedule.describe()
                            + "; the learner's starts afresh at the next fit.");
            return;
        }
        try {
            schedule.loadState(saved.progress());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        scheduleStarted = true;
    }
}
