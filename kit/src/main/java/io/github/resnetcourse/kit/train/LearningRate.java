package io.github.resnetcourse.kit.train;

import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The learning rate a {@link Learner} drives, handed to the optimizer as its DJL learning-rate
 * tracker. DJL's optimizers ask their tracker for the rate of every parameter at every update
 * ({@code getNewValue(parameterId, step)}), so one mutable tracker gives the learner — and only the
 * learner — control over the rate: schedules set {@link #set} between steps, and discriminative
 * rates are per-parameter scales.
 *
 * <p>Why a tracker rather than a new optimizer interface: every DJL optimizer (Adam, AdamW, SGD,
 * ...) already takes one, and the kit's fused optimizers take the same, so any {@code Optimizer}
 * built with this tracker is schedulable without the learner knowing its type.
 */
public final class LearningRate implements Tracker {
    private volatile double base;
    private final Map<String, Double> scales = new ConcurrentHashMap<>();

    private LearningRate(double base) {
        this.base = check(base);
    }

    /** A tracker starting at {@code lr}. */
    public static LearningRate of(double lr) {
        return new LearningRate(lr);
    }

    /** The base (head) rate. */
    public double get() {
        return base;
    }

    /** Sets the base (head) rate; per-parameter scales are kept. */
    public void set(double lr) {
        base = check(lr);
    }

    /** Sets the rate of parameter {@code parameterId} to {@code scale ×} the base rate. */
    void setScale(String parameterId, double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("learning-rate scale=" + scale + " must be >= 0.");
        }
        if (scale == 1.0) {
            scales.remove(parameterId);
        } else {
            scales.put(parameterId, scale);
        }
    }

    /** Removes all per-parameter scales. */
    void clearScales() {
        scales.clear();
    }

    /** The parameters whose rate is scaled, with their scales (a snapshot, for checkpoints). */
    Map<String, Double> scales() {
        return Map.copyOf(scales);
    }

    /**
     * The rate's share of a checkpoint: the base rate, and the parameters whose rate is a multiple
     * of it, by name.
     */
    record State(double rate, Map<String, Double> scales) {}

    /** The state now, naming parameters by {@code namesById}. */
    State state(Map<String, String> namesById) {
        Map<String, Double> named = new LinkedHashMap<>();
        scales.forEach((id, scale) -> named.put(namesById.get(id), scale));
        return new State(base, named);
    }

    /**
     * Restores a saved rate and its scales, finding parameters by {@code idsByName}.
     *
     * @throws IllegalArgumentException naming a parameter the model lacks (nothing changes then)
     */
    void loadState(State state, Map<String, String> idsByName) {
        Map<String, Double> byId = new LinkedHashMap<>();
        (state.scales() == null ? Map.<String, Double>of() : state.scales())
                .forEach(
                        (name, scale) -> {
                            String id = idsByName.get(name);
                            if (id == null) {
                                throw new IllegalArgumentException(
                                        "has state for parameter '" + name + "' the model lacks.");
                            }
                            byId.put(id, scale);
                        });
        set(state.rate());
        clearScales();
        byId.forEach(this::setScale);
    }

    /** The scale of one parameter's rate (1 unless discriminative rates are set). */
    double scale(String parameterId) {
        return scales.getOrDefault(parameterId, 1.0);
    }

    /** The rate of one parameter: base × its scale. */
    public double of(String parameterId) {
        return base * scales.getOrDefault(parameterId, 1.0);
    }

    @Override
    public float getNewValue(int numUpdate) {
        return (float) base;
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return (float) of(parameterId);
    }

    private static double check(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(
                    "learning rate=" + lr + " must be a finite number >= 0.");
        }
        return lr;
    }

    @Override
    public String toString() {
        return "LearningRate[" + base + (scales.isEmpty() ? "" : ", scaled groups") + "]";
    }
}
