package io.github.resnetcourse.kit.train;

import ai.djl.training.optimizer.Optimizer;

/**
 * Builds the optimizer a {@link Learner} trains with, around the learner's {@link LearningRate}
 * (which the optimizer must use as its learning-rate tracker, so schedules can drive it).
 *
 * <pre>{@code
 * lr -> Optimizer.adam().optLearningRateTracker(lr).optWeightDecays(1e-4f).build()
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerFactory {
    /** Creates the optimizer with {@code lr} as its learning-rate tracker. */
    Optimizer create(LearningRate lr);

    /** DJL's Adam with default betas, no weight decay. */
    static OptimizerFactory adam() {
        return lr -> Optimizer.adam().optLearningRateTracker(lr).build();
    }

    /**
     * DJL's Adam with {@code weightDecay} (DJL adds {@code wd × w} to the gradient before the
     * moments, PyTorch's {@code Adam(weight_decay=...)} semantics).
     */
    static OptimizerFactory adam(double weightDecay) {
        return lr ->
                Optimizer.adam()
                        .optLearningRateTracker(lr)
                        .optWeightDecays((float) weightDecay)
                        .build();
    }

    /** DJL's SGD with {@code momentum}. */
    static OptimizerFactory sgd(double momentum) {
        return lr ->
                Optimizer.sgd().setLearningRateTracker(lr).optMomentum((float) momentum).build();
    }
}
