package io.github.resnetcourse.kit.train;

import java.util.Map;

/**
 * PyTorch's {@code StepLR}: multiplies the rate by {@code gamma} every {@code stepSize} steps
 * (epochs by default). Chainable like PyTorch's: a rate set by hand is decayed from where it is.
 */
public final class StepLr extends SteppedSchedule {
    private final int stepSize;
    private final double gamma;
    private int lastEpoch;

    private StepLr(int stepSize, double gamma, Interval interval) {
        super(interval);
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR step_size=" + stepSize + " must be >= 1.");
        }
        requirePositive("StepLR gamma", gamma);
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    /** {@code StepLR(step_size, gamma)} stepped once per epoch, as the seeds do. */
    public static StepLr of(int stepSize, double gamma) {
        return new StepLr(stepSize, gamma, Interval.EPOCH);
    }

    /** The same schedule counted in optimizer steps instead of epochs. */
    public StepLr perBatch() {
        return new StepLr(stepSize, gamma, Interval.BATCH);
    }

    @Override
    public double start(double lr, FitPlan plan) {
        lastEpoch = 0;
        return lr;
    }

    @Override
    double step(double lr) {
        lastEpoch++;
        // PyTorch's chainable form: decay exactly on multiples of step_size.
        return lastEpoch % stepSize == 0 ? lr * gamma : lr;
    }

    /** {@code {last_epoch}}: steps taken since {@link #start}. */
    @Override
    public Map<String, Double> state() {
        return Map.of("last_epoch", (double) lastEpoch);
    }

    @Override
    public void loadState(Map<String, Double> state) {
        lastEpoch = ScheduleState.counter(state, "last_epoch", "StepLR");
    }

    @Override
    public String describe() {
        return "StepLR(step_size=" + stepSize + ", gamma=" + gamma + ")";
    }
}
