package io.github.resnetcourse.kit.train;

/**
 * What freezing does to the batch-norm layers of a frozen group while the rest trains. The two
 * frameworks of the seeds differ: PyTorch's {@code requires_grad = False} leaves a layer in {@code
 * train()} mode, Keras' {@code trainable = False} also runs it in inference mode.
 */
public enum BatchNormWhenFrozen {
    /**
     * The seeds' PyTorch, and the default: frozen layers still normalise each batch by its own
     * statistics and update their running mean and variance; only the scale and shift stay fixed.
     */
    TRAINING_STATISTICS,
    /**
     * Keras (TF 2 and Keras 3): frozen layers normalise with their stored running statistics and
     * leave them unchanged, as at inference. Needs the kit's {@code models.FreezableBatchNorm}
     * (every kit model has it); a DJL {@code BatchNorm} in a frozen group is refused by name.
     */
    FROZEN_STATISTICS
}
