package io.github.resnetcourse.kit.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

/**
 * A DJL {@link Optimizer} behind the kit's {@link ParameterOptimizer}: one {@code update} per
 * parameter, as DJL's {@code Trainer.step()} does. DJL's optimizers read the rate and its scales
 * from their learning-rate tracker (build them with the learner's: {@code lr ->
 * Optimizer.adam().optLearningRateTracker(lr).build()}), and keep their moments private, so a
 * checkpoint cannot carry them ({@link #savesState()} is false).
 */
final class DjlOptimizerAdapter implements ParameterOptimizer {
    private final Optimizer optimizer;

    DjlOptimizerAdapter(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    @Override
    public void step(Iterable<Parameter> parameters, double rate) {
        // The rate reaches DJL's optimizer through its tracker, the learner's LearningRate.
        for (Parameter p : parameters) {
            if (!p.requiresGradient() || !p.isInitialized()) {
                continue;
            }
            NDArray w = p.getArray();
            if (!w.hasGradient()) {
                continue;
            }
            // getGradient() wraps the grad in a new Java handle; close it or it lives as long as
            // the model. DJL's optimizers zero the gradient after the update.
            try (NDArray g = w.getGradient()) {
                optimizer.update(p.getId(), w, g);
            }
        }
    }

    @Override
    public void setRateScale(Iterable<Parameter> parameters, double scale) {
        // DJL's optimizers ask their tracker for each parameter's rate, scale included.
    }

    @Override
    public Map<String, NDArray> getState(Parameter parameter) {
        return Map.of();
    }

    @Override
    public void setState(Parameter parameter, Map<String, NDArray> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException(
                    "DJL's "
                            + optimizer.getClass().getSimpleName()
                            + " keeps its state private and cannot take "
                            + state.keySet()
                            + "; use the kit's optim.Adam/AdamW/Sgd to resume exactly.");
        }
    }

    @Override
    public boolean savesState() {
        return false;
    }

    @Override
    public String describeSettings() {
        return optimizer.getClass().getSimpleName() + " (DJL)";
    }

    @Override
    public Optimizer asDjl() {
        return optimizer;
    }
}
