package io.github.resnetcourse.kit.train;

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
 */
public interface LrSchedule {
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
     * A short description for logs and checkpoints, e.g. {@code StepLR(step_size=7, gamma=0.1)}.
     */
    String describe();
}
