package io.github.resnetcourse.kit.train;

/** Why a {@code fit} call ended. */
public enum StopReason {
    /** All requested epochs ran. */
    COMPLETED,
    /** A callback (early stopping) asked to stop. */
    EARLY_STOPPED,
    /** The loss became NaN or infinite. */
    NON_FINITE_LOSS,
    /** The thread was interrupted (the notebook's stop button). */
    INTERRUPTED
}
