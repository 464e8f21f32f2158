package io.github.resnetcourse.kit.train;

import ai.djl.training.optimizer.Optimizer;
import io.github.resnetcourse.kit.optim.Adam;
import io.github.resnetcourse.kit.optim.FusedOptimizer;
import io.github.resnetcourse.kit.optim.Sgd;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Builds the optimizer a {@link Learner} trains with. Two kinds are schedulable:
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
     * The learning rate this factory was configured with, if any; the learner starts there unless
     * {@code optLearningRate} says otherwise.
     */
    default OptionalDouble initialLearningRate() {
        return OptionalDouble.empty();
    }

    /** A kit optimizer, already built: the learner drives its rate, starting at its own. */
    static OptimizerFactory of(FusedOptimizer optimizer) {
        Objects.requireNonNull(optimizer, "optimizer");
        return new OptimizerFactory() {
            @Override
            public Optimizer create(LearningRate lr) {
                return optimizer;
            }

            @Override
            public OptionalDouble initialLearningRate() {
                return OptionalDouble.of(optimizer.getLearningRate());
            }
        };
    }

    /** PyTorch's {@code Adam} with its defaults (the learner's default optimizer). */
    static OptimizerFactory adam() {
        return adam(0);
    }

    /** PyTorch's {@code Adam(weight_decay=wd)}: L2 added to the gradient, as the seeds use it. */
    static OptimizerFactory adam(double weightDecay) {
        return lr ->
                Adam.builder()
                        .optLearningRate((float) lr.get())
                        .optWeightDecay((float) weightDecay)
                        .build();
    }

    /** PyTorch's {@code SGD(momentum=m)}. */
    static OptimizerFactory sgd(double momentum) {
        return lr ->
                Sgd.builder()
                        .optLearningRate((float) lr.get())
                        .optMomentum((float) momentum)
                        .build();
    }
}
