package io.github.resnetcourse.kit.train;

/**
 * A hook into the {@link Learner}'s loop. Every method does nothing by default; a callback
 * overrides the events it needs. The learner calls callbacks by their {@link #order()}, and in the
 * order they were added within one. A callback ends the fit by throwing {@link StopTraining}; the
 * other callbacks still see the event it was thrown from.
 *
 * <p>Order of events in {@code fit}: {@code beforeFit}, then per epoch {@code beforeEpoch}, per
 * batch {@code beforeBatch}/{@code afterBatch}, then {@code beforeValidate}/{@code afterValidate}
 * (when there is validation data), {@code afterEpoch}; finally {@code afterFit}, which runs even
 * when the fit stops early (early stopping, a NaN loss, an interrupt).
 */
public interface Callback {
    /** Where this callback runs among the others (default {@link CallbackOrder#NORMAL}). */
    default CallbackOrder order() {
        return CallbackOrder.NORMAL;
    }

    /** Before the first epoch of a {@code fit} call. */
    default void beforeFit(Learner learner, FitPlan plan) {}

    /** Before each epoch; {@code epoch} is 1-based and counted across fits. */
    default void beforeEpoch(Learner learner, int epoch) {}

    /** Before each training batch. */
    default void beforeBatch(Learner learner, int epoch, int batch) {}

    /** After each training batch (and its optimizer step, if one was due). */
    default void afterBatch(Learner learner, BatchRecord record) {}

    /** Before validation at the end of an epoch. */
    default void beforeValidate(Learner learner, int epoch) {}

    /** After validation, with the validation loss and accuracy. */
    default void afterValidate(Learner learner, int epoch, double loss, double accuracy) {}

    /** After each epoch (and its schedule step) with the epoch's record. */
    default void afterEpoch(Learner learner, EpochRecord record) {}

    /** After the last epoch, or after an early stop; {@code reason} says which. */
    default void afterFit(Learner learner, StopReason reason) {}
}
