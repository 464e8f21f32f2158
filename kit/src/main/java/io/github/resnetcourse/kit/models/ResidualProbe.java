package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;

/**
 * Receives what one residual block computed in one forward pass: its input {@code x}, its main path
 * {@code F(x)}, its shortcut ({@code x} itself, a projection of it, or {@code null} for a plain
 * block without one) and its output. The arrays belong to the forward pass; a probe that keeps them
 * must copy them (see {@code inspect.ResidualCapture}).
 */
@FunctionalInterface
public interface ResidualProbe {
    /** Called once per forward pass of the block, after its output was computed. */
    void record(NDArray x, NDArray residual, NDArray shortcut, NDArray output);
}
