package io.github.resnetcourse.kit.bench;

/** How the benchmark applies Adam, to measure what the fused update is worth. */
public enum UpdateRule {
    /** The kit's {@code Adam.step(parameters)}: one fused native call, gradients read in place. */
    FUSED,
    /**
     * DJL's own {@code Optimizer.adam()} the way {@code Trainer.step()} drives it: one copy of each
     * gradient, then DJL's native update.
     */
    DJL
}
