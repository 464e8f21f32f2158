package io.github.resnetcourse.kit.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import java.util.Objects;

/**
 * What a learner steps with: one interface for the kit's optimizers ({@link FusedOptimizer}: {@link
 * Adam}, {@link AdamW}, {@link Sgd}) and, through {@link #of(Optimizer)}, for any of DJL's, so that
 * the training loop and the checkpoint never ask which kind they have. The learning rate lives in
 * the learner; it hands the rate to {@link #step} (DJL's optimizers read it from the learner's
 * tracker instead, which is the same number).
 */
public interface ParameterOptimizer {
    /**
     * Updates every trainable parameter that has a gradient at {@code rate} (times the parameter's
     * scale), then zeroes the gradients; frozen parameters are skipped.
     */
    void step(Iterable<Parameter> parameters, double rate);

    /** Gives {@code parameters} their own multiple of the rate (discriminative rates). */
    void setRateScale(Iterable<Parameter> parameters, double scale);

    /**
     * The parameter's state under PyTorch's {@code state_dict} names ({@code exp_avg}, {@code
     * exp_avg_sq}, {@code step}, {@code momentum_buffer}); empty when none is kept or it cannot be
     * read ({@link #savesState()}).
     */
    Map<String, NDArray> getState(Parameter parameter);

    /**
     * Replaces the parameter's state (a resumed checkpoint's).
     *
     * @throws IllegalArgumentException if the state does not fit, or this optimizer keeps its state
     *     private and {@code state} is not empty
     */
    void setState(Parameter parameter, Map<String, NDArray> state);

    /** Whether {@link #getState} holds all the next steps depend on, so a resume is exact. */
    boolean savesState();

    /** The update rule and its settings, e.g. {@code Adam(betas=(0.9, 0.999), ...)}. */
    String describeSettings();

    /** The DJL optimizer behind this one (the kit's optimizers are DJL optimizers). */
    Optimizer asDjl();

    /** {@code optimizer} as a parameter optimizer: itself if it is the kit's, else an adapter. */
    static ParameterOptimizer of(Optimizer optimizer) {
        Objects.requireNonNull(optimizer, "optimizer");
        return optimizer instanceof FusedOptimizer fused
                ? fused
                : new DjlOptimizerAdapter(optimizer);
    }
}
