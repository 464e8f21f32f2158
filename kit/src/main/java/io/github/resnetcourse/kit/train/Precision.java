package io.github.resnetcourse.kit.train;

/** Numeric precision of the training step. */
public enum Precision {
    /** Full 32-bit floating point everywhere (the default, and the only choice on a CPU). */
    FLOAT32,
    /**
     * PyTorch-style automatic mixed precision (float16 compute, float32 master weights, loss
     * scaling). Needs a CUDA device and an autocast hook in the engine; see {@link
     * Learner#precision()} for what a run actually used.
     */
    MIXED
}
