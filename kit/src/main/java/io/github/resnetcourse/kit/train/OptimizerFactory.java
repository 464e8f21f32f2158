package io.github.resnetcourse.kit.train;

import ai.djl.training.optimizer.Optimizer;
import io.github.resnetcourse.kit.optim.Adam;
import io.github.resnetcourse.kit.optim.FusedOptimizer;
import io.github.resnetcourse.kit.optim.Sgd;
import java.util.Objects;

/**
 * Builds the optimizer a {@link Learner} trains with. The learning rate is not the optimizer's: it
 * has one home, the learner ({@code optLearningRate}, {@code setLearningRate}, the schedule), which
 * hands it to every step. Two kinds are schedulable:
 *
 * <ul>
 *   <li>the kit's optimizers ({@link FusedOptimizer}: {@code optim.Adam}, {@code AdamW}, {@code
 *       Sgd}, PyTorch's exact update rules): the learner sets their rate before every step;
 *   <li>any DJL optimizer built with the learner's {@link LearningRate} as its learning-rate
 *       tracker: {@code lr -> Optimizer.adam().optLearningRateTracker(lr).build()}.
 * </ul>
 */
@FunctionalInterface
public interface OptimizerFactory {
    /** Creates the optimizer; a DJL optimizer must use {@code lr} as its learning-rate tracker. */
    Optimizer create(LearningRate lr);

    /**
     * A kit optimizer, already built without a rate of its own (e.g. {@code
     * Adam.builder().optWeightDecay(1e-4).build()}): the learner drives its rate.
     *
     * @throws IllegalArgumentException if the optimizer was built with {@code optLearningRate}: the
     *     rate is set once, on the learner
     */
    static OptimizerFactory of(FusedOptimizer optimizer) {
        Objects.requireNonNull(optimizer, "optimizer");
        if (optimizer.isLearningRateSet()) {
            throw new IllegalArgumentException(
                    "The learning rate has one home, the learner: build "
                            + optimizer.describeSettings()
                            + " without optLearningRate("
                            + optimizer.getLearningRate()
                            + ") and pass the rate to the learner (Learner.builder()"
                            + ".optLearningRate(...), or learner.setLearningRate(...)).");
        }
        return lr -> optimizer;
    }

    /** PyTorch's {@code Adam} with its defaults (the learner's default optimizer). */
    static OptimizerFactory adam() {
        return adam(0);
    }

    /** PyTorch's {@code Adam(weight_decay=wd)}: L2 added to the gradient, as the seeds use it. */
    static OptimizerFactory adam(double weightDecay) {
        return lr -> Adam.builder().optWeightDecay(weightDecay).build();
    }

    /** PyTorch's {@code SGD(momentum=m)}. */
    static OptimizerFactory sgd(double momentum) {
        return lr -> Sgd.builder().optMomentum(momentum).build();
    }
}
