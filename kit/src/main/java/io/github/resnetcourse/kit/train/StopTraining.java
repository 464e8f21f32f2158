package io.github.resnetcourse.kit.train;

import java.util.Objects;

/**
 * Thrown by a {@link Callback} to end the fit, as fastai's {@code CancelFitException}: the learner
 * lets the other callbacks see the current event, then ends the fit with {@link #reason()}. For
 * {@link StopReason#EARLY_STOPPED} the current epoch is completed (validated, recorded, judged and
 * saved) first; for the others ({@link StopReason#NON_FINITE_LOSS}, {@link StopReason#INTERRUPTED})
 * it is abandoned after the current batch.
 */
public final class StopTraining extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StopReason reason;

    /**
     * A signal to stop.
     *
     * @param reason why ({@link StopReason#COMPLETED} is not a reason to stop)
     * @param message what the fit prints or keeps ({@code Learner.lastStopMessage()})
     */
    public StopTraining(StopReason reason, String message) {
        // A signal, not an error: no stack trace to fill in.
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (Objects.requireNonNull(reason, "reason") == StopReason.COMPLETED) {
            throw new IllegalArgumentException("COMPLETED is not a reason to stop a fit.");
        }
        this.reason = reason;
    }

    /** Why the fit stops. */
    public StopReason reason() {
        return reason;
    }

    /** Whether the epoch under way is finished (validated, recorded) before the fit ends. */
    boolean completesEpoch() {
        return reason == StopReason.EARLY_STOPPED;
    }
}
