package io.github.resnetcourse.kit.train;

/**
 * One training batch.
 *
 * @param iteration 1-based global batch index across all epochs and fits (the seeds' x axis)
 * @param epoch 1-based epoch number
 * @param batch 1-based batch number within the epoch
 * @param loss the batch's mean loss (before any accumulation scaling)
 * @param correct correctly classified samples in the batch
 * @param size samples in the batch
 * @param lr the (head) learning rate in force
 * @param stage the stage label in force ("frozen", "unfrozen", "train", ...)
 */
public record BatchRecord(
        long iteration,
        int epoch,
        int batch,
        double loss,
        long correct,
        int size,
        double lr,
        String stage) {

    /** A record in the default stage, {@code "train"}. */
    public BatchRecord(
            long iteration, int epoch, int batch, double loss, long correct, int size, double lr) {
        this(iteration, epoch, batch, loss, correct, size, lr, "train");
    }
}
