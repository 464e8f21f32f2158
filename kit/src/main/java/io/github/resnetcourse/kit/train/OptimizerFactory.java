package io.github.resnetcourse.kit.train;

import ai.djl.training.optimizer.Optimizer;
import java.util.OptionalDouble;

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

    /**
     * The learning rate this factory was configured with, if any (an optimizer spec such as {@code
     * Adam.lr(1e-3)} reports it); the learner starts there unless {@code optLearningRate} says
     * otherwise.
     */
    default OptionalDouble initialLearningRate() {
        return OptionalDouble.empty();
    }

    /** DJL's Adam with default betas, no weight decay. */
    static OptimizerFactory adam() {
        return lr -> Optimizer.adam().optLearningRateTracker(lr).build();
    }

    /**
     * DJL's Adam with {@code weightDecay}. The kit's {@code optim} package has the fused Adam whose
     * weight decay follows PyTorch's {@code Adam(weight_decay=...)} exactly.
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
