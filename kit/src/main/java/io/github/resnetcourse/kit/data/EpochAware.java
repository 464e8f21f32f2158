package io.github.resnetcourse.kit.data;

/**
 * Data whose order and augmentation depend on the epoch being trained, like PyTorch's {@code
 * sampler.set_epoch(e)}: the learner calls {@link #setEpoch} before it reads each epoch, and the
 * data draws from {@code (seed, epoch, index)} only — never from how often it has been read. A run
 * resumed from a checkpoint after epoch {@code k}, in this JVM or a new one, therefore sees epoch
 * {@code k + 1} exactly as the unbroken run did.
 */
public interface EpochAware {
    /**
     * Sets the epoch (1-based) that the next pass over the data belongs to.
     *
     * @param epoch the epoch number, at least 1
     */
    void setEpoch(int epoch);

    /** The epoch the next pass belongs to (1 until {@link #setEpoch} is called). */
    int epoch();

    /** Checks an epoch number, naming it when it is not at least 1. */
    static int checkEpoch(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException(
                    "epoch=" + epoch + " must be >= 1 (epochs count from 1).");
        }
        return epoch;
    }
}
