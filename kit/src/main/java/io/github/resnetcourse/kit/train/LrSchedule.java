package io.github.resnetcourse.kit.train;

import java.util.Map;

/**
 * A learning-rate schedule with PyTorch's semantics. The {@link Learner} owns the stepping: it
 * calls {@link #start} once when the schedule is attached (PyTorch's constructor), {@link
 * #afterBatch} after every optimizer step and {@link #afterEpoch} after every validated epoch (a
 * PyTorch {@code scheduler.step()} each). A schedule reacts to the one that matches its interval,
 * so a schedule handed to the learner cannot be left unstepped.
 *
 * <p>Each method receives the learning rate in force and returns the new one, so a rate set by hand
 * between {@code fit} calls (the seeds' "set lr to 1e-4 after unfreezing") is respected by the
 * chainable schedules exactly as in PyTorch.
 *
 * <p>A schedule's progress — its step counter and what it has learned along the way — is {@link
 * #state()}, under the names of PyTorch's {@code state_dict}; a {@link Checkpoint} stores it and
 * {@link #loadState} puts it back, so a resumed run continues the schedule instead of restarting
 * it. A schedule with progress of its own must implement both.
 */
public interface LrSchedule {
    /**
     * No schedule: the learning rate stays where it is (seed 001 as it runs, with its {@code
     * scheduler.step()} commented out). Use it to replace a schedule for one {@code fit}, e.g.
     * {@code learner.fit(10, LrSchedule.constant())}.
     */
    static LrSchedule constant() {
        return ConstantLr.INSTANCE;
    }

    /**
     * Attaches the schedule; returns the rate to start with (one-cycle starts low).
     *
     * @param lr the rate in force
     * @param plan the epochs and optimizer steps the current {@code fit} will run
     */
    default double start(double lr, FitPlan plan) {
        return lr;
    }

    /** Called after each optimizer step; returns the new rate. */
    default double afterBatch(double lr) {
        return lr;
    }

    /** Called after each epoch's validation with that epoch's record; returns the new rate. */
    default double afterEpoch(double lr, EpochRecord epoch) {
        return lr;
    }

    /**
     * The progress made since {@link #start}, under PyTorch's {@code state_dict} names (e.g. {@code
     * last_epoch}); empty for a schedule without progress of its own.
     */
    default Map<String, Double> state() {
        return Map.of();
    }

    /**
     * Restores progress saved by {@link #state()} into a schedule built with the same settings; the
     * learner then continues it without calling {@link #start} again.
     *
     * @throws IllegalArgumentException if a value is missing or out of range, naming it
     */
    default void loadState(Map<String, Double> state) {}

    /**
     * A short description for logs and checkpoints, e.g. {@code StepLR(step_size=7, gamma=0.1)}.
     */
    String describe();
}
