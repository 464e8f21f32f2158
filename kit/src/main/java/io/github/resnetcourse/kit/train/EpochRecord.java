package io.github.resnetcourse.kit.train;

import java.util.Locale;

/**
 * One finished epoch.
 *
 * @param epoch 1-based epoch number, counted across all {@code fit} calls of a learner
 * @param stage the stage label in force ("frozen", "unfrozen", "train", ...)
 * @param trainLoss mean training loss over the epoch's samples
 * @param trainAccuracy training accuracy (0..1)
 * @param validLoss mean validation loss, NaN without validation data
 * @param validAccuracy validation accuracy (0..1), NaN without validation data
 * @param lr the (head) learning rate used during the epoch
 * @param seconds wall-clock seconds for training plus validation
 * @param batches training batches run
 */
public record EpochRecord(
        int epoch,
        String stage,
        double trainLoss,
        double trainAccuracy,
        double validLoss,
        double validAccuracy,
        double lr,
        double seconds,
        int batches) {

    /** Whether this epoch was validated. */
    public boolean validated() {
        return !Double.isNaN(validLoss);
    }

    /**
     * One readable line, as a notebook prints it: {@code epoch 2 [unfrozen] train loss 2.9298 acc
     * 14.06% | valid loss 2.3498 acc 10.94% | lr 0.0001 | 1.1 s}.
     */
    @Override
    public String toString() {
        String valid =
                validated()
                        ? String.format(
                                Locale.ROOT,
                                " | valid loss %.4f acc %.2f%%",
                                validLoss,
                                validAccuracy * 100)
                        : "";
        return String.format(
                Locale.ROOT,
                "epoch %d [%s] train loss %.4f acc %.2f%%%s | lr %.3g | %.1f s",
                epoch,
                stage,
                trainLoss,
                trainAccuracy * 100,
                valid,
                lr,
                seconds);
    }
}
