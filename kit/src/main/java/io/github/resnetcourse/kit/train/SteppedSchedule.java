package io.github.resnetcourse.kit.train;

/**
 * A schedule whose {@code step()} ignores metrics and runs on a fixed {@link Interval}. Subclasses
 * implement PyTorch's {@code get_lr} in {@link #step}.
 */
abstract class SteppedSchedule implements LrSchedule {
    private final Interval interval;

    SteppedSchedule(Interval interval) {
        this.interval = java.util.Objects.requireNonNull(interval, "interval");
    }

    /** The interval this schedule steps on. */
    public Interval interval() {
        return interval;
    }

    /** One {@code scheduler.step()}: the rate for the next epoch or step. */
    abstract double step(double lr);

    @Override
    public final double afterBatch(double lr) {
        return interval == Interval.BATCH ? step(lr) : lr;
    }

    @Override
    public final double afterEpoch(double lr, EpochRecord epoch) {
        return interval == Interval.EPOCH ? step(lr) : lr;
    }

    static void requirePositive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + "=" + v + " must be a positive number.");
        }
    }
}
