package io.github.resnetcourse.kit.train;

/**
 * Where a {@link Callback} runs among the learner's callbacks (fastai's {@code order}): the learner
 * calls them by this order, and in the order they were added within one. The order makes the loop's
 * guarantees hold whatever order a notebook lists its callbacks in: the history has the epoch
 * before anyone judges it, every judge has judged it before anything is saved, and the display
 * shows the end of it all.
 */
public enum CallbackOrder {
    /** The history ({@link History}): records each batch and epoch first. */
    RECORD,
    /** Guards that stop a broken run ({@link NonFiniteLossGuard}). */
    GUARD,
    /** Callbacks that judge an epoch and may stop the fit ({@link EarlyStopping}). */
    JUDGE,
    /** Everything else: the default for a callback of one's own. */
    NORMAL,
    /**
     * Callbacks that write the run to disk ({@link SaveBestModel}): after every judge, so a
     * checkpoint holds every callback's state after the epoch it was written after.
     */
    SAVE,
    /** Displays ({@link Progress}, the training monitor): they show the epoch as it ended. */
    REPORT
}
