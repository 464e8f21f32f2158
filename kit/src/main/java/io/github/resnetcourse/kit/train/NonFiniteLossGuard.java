package io.github.resnetcourse.kit.train;

import java.util.Locale;

/**
 * Stops training at the first batch whose loss is NaN or infinite, with a message that names the
 * batch and the learning rate (the usual culprit). Installed by default.
 */
public final class NonFiniteLossGuard implements Callback {
    /** Stops a broken run before callbacks that judge or save see its batch. */
    @Override
    public CallbackOrder order() {
        return CallbackOrder.GUARD;
    }

    @Override
    public void afterBatch(Learner learner, BatchRecord r) {
        if (!Double.isFinite(r.loss())) {
            throw new StopTraining(
                    StopReason.NON_FINITE_LOSS,
                    String.format(
                            Locale.ROOT,
                            "Training stopped: the loss is %s at epoch %d, batch %d (iteration %d)."
                                    + " Lower the learning rate (now %.3g), check the inputs for"
                                    + " NaN, or check that the loss matches the head (logits vs"
                                    + " log-probabilities).",
                            Double.isNaN(r.loss()) ? "NaN" : "infinite",
                            r.epoch(),
                            r.batch(),
                            r.iteration(),
                            r.lr()));
        }
    }
}
