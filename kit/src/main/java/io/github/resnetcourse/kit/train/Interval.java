package io.github.resnetcourse.kit.train;

/** When a schedule takes one step: after every epoch or after every optimizer step (batch). */
public enum Interval {
    /** One {@code scheduler.step()} per epoch, after validation (PyTorch's usual placement). */
    EPOCH,
    /** One {@code scheduler.step()} per optimizer step (one-cycle, warm-up per iteration). */
    BATCH
}
