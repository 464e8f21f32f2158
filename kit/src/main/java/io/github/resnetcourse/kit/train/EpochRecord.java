package io.github.resnetcourse.kit.train;

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
}
