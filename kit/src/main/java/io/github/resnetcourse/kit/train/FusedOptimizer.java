package io.github.resnetcourse.kit.train;

import ai.djl.nn.Parameter;
import java.util.List;

/**
 * An optimizer that updates all parameters in one call (a fused multi-tensor update) instead of
 * DJL's one {@code update(id, weight, grad)} per tensor. The learner calls {@link #updateAll} once
 * per optimizer step when its optimizer implements this; otherwise it calls DJL's per-parameter
 * {@code Optimizer.update}. Implementations read each parameter's rate from the {@link
 * LearningRate} tracker they were built with and must zero the gradients they consume.
 */
public interface FusedOptimizer {
    /**
     * Updates every parameter in {@code trainable} that has a gradient, then zeroes the gradients.
     */
    void updateAll(List<Parameter> trainable);
}
