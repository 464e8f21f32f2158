package io.github.resnetcourse.kit.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DJL {@link Optimizer} with PyTorch's update rules, run by PyTorch's fused CPU kernels.
 *
 * <p>It works two ways. As a plain DJL optimiser, {@code Trainer.step()} calls {@link
 * #update(String, NDArray, NDArray)} once per parameter. The fast path, {@link #step(Iterable)},
 * updates every parameter of a block with one native call per learning-rate group and reads the
 * gradients in place; DJL's {@code Trainer.step()} first copies every gradient, which costs about
 * as much as the update itself. Both paths keep the same per-parameter state, so they can be mixed.
 *
 * <p>The learning rate is set from outside ({@link #setLearningRate(float)}) so that any schedule
 * can drive it; {@link #setLearningRateScale(Iterable, float)} gives parameter groups their own
 * multiple of it (discriminative learning rates: a lower rate for a pretrained body).
 *
 * <p>The per-parameter state (Adam's moments, SGD's momentum buffer) is readable and replaceable
 * under PyTorch's {@code state_dict} names ({@link #getState}, {@link #setState}), so a checkpoint
 * can carry it and a resumed run continues exactly where the saved one stopped.
 */
public abstract class FusedOptimizer extends Optimizer implements ParameterOptimizer {

    private volatile float learningRate;
    private final boolean learningRateSet;
    private final Map<String, Float> scales = new ConcurrentHashMap<>();

    /**
     * Creates the optimiser from its builder.
     *
     * @param builder the builder with the learning rate and the shared DJL options
     */
    FusedOptimizer(Builder<?> builder) {
        super(builder);
        if (rescaleGrad != 1f) {
            throw new IllegalArgumentException(
                    "rescaleGrad=" + rescaleGrad + " is not supported: scale the loss instead.");
        }
        if (clipGrad > 0) {
            throw new IllegalArgumentException(
                    "clipGrad=" + clipGrad + " is not supported: clip gradients before the step.");
        }
        setLearningRate(builder.learningRate);
        this.learningRateSet = builder.learningRateSet;
    }

    /**
     * Whether the builder was given a learning rate ({@code optLearningRate}). A {@code Learner}
     * refuses such an optimizer: in training the rate has one home, the learner, which hands it to
     * every step; an optimizer's own rate is for using it without a learner (DJL's {@code
     * Trainer}).
     *
     * @return true if {@code optLearningRate} was called on the builder
     */
    public final boolean isLearningRateSet() {
        return learningRateSet;
    }

    /**
     * Sets the base learning rate used from the next step on; schedules call this.
     *
     * @param learningRate a positive, finite rate
     */
    public final void setLearningRate(float learningRate) {
        if (!(learningRate >= 0 && Float.isFinite(learningRate))) {
            throw new IllegalArgumentException(
                    "learning rate must be finite and >= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /**
     * Returns the base learning rate.
     *
     * @return the rate set last
     */
    public final float getLearningRate() {
        return learningRate;
    }

    /**
     * Multiplies the learning rate of the given parameters by {@code scale} (1 restores the base
     * rate). A pretrained body with {@code scale} 0.1 learns ten times slower than the head.
     *
     * @param parameters the parameters of one group, e.g. {@code body.getParameters().values()}
     * @param scale a finite factor >= 0
     */
    public final void setLearningRateScale(Iterable<Parameter> parameters, float scale) {
        if (!(scale >= 0 && Float.isFinite(scale))) {
            throw new IllegalArgumentException(
                    "learning-rate scale must be finite and >= 0, got " + scale);
        }
        for (Parameter parameter : parameters) {
            scales.put(parameter.getId(), scale);
        }
    }

    /**
     * Returns the learning rate the next step applies to one parameter.
     *
     * @param parameterId {@link Parameter#getId()}
     * @return the base rate times the parameter's scale
     */
    public final float getLearningRate(String parameterId) {
        return learningRate * scales.getOrDefault(parameterId, 1f);
    }

    /**
     * Returns one parameter's state under PyTorch's names: {@code exp_avg}, {@code exp_avg_sq} and
     * {@code step} for Adam and AdamW, {@code momentum_buffer} for SGD with momentum. The map is
     * empty before the parameter's first update (and always for SGD without momentum), as in
     * PyTorch. The arrays are the optimiser's own, not copies: read or encode them, never close or
     * change them.
     *
     * @param parameter a parameter this optimiser updates
     * @return the state by name, in PyTorch's order; empty if the parameter has none yet
     */
    public abstract Map<String, NDArray> getState(Parameter parameter);

    /**
     * Replaces one parameter's state with copies of {@code state} (PyTorch's {@code
     * load_state_dict} for one entry); an empty map clears it, so the next update starts it afresh.
     * The copies live in the parameter's manager, like state the optimiser creates itself.
     *
     * @param parameter an initialised parameter this optimiser updates
     * @param state arrays under the names {@link #getState} returns, shaped like the parameter
     *     (Adam's {@code step} is a scalar)
     * @throws IllegalArgumentException if a name is missing or unknown, or a shape does not match,
     *     naming the parameter and the array
     */
    public abstract void setState(Parameter parameter, Map<String, NDArray> state);

    /**
     * Describes the update rule and its fixed settings in PyTorch's words, without the learning
     * rate (which schedules change), e.g. {@code Adam(betas=(0.9, 0.999), eps=1e-08,
     * weight_decay=0.0)}. Checkpoints store it, and a resume compares it.
     *
     * @return the rule and its settings
     */
    public abstract String describeSettings();

    /**
     * Checks that {@code state} holds exactly {@code names}, each shaped like the parameter (names
     * in {@code scalars} are scalars).
     */
    static void checkState(
            Parameter parameter,
            Map<String, NDArray> state,
            List<String> names,
            Set<String> scalars,
            String rule) {
        if (!state.keySet().equals(Set.copyOf(names))) {
            throw new IllegalArgumentException(
                    rule
                            + " state for parameter '"
                            + parameter.getName()
                            + "' must hold "
                            + names
                            + ", got "
                            + state.keySet()
                            + "; was it saved by another optimiser?");
        }
        for (String name : names) {
            NDArray array = state.get(name);
            Shape want = scalars.contains(name) ? new Shape() : parameter.getArray().getShape();
            Shape got = array.getShape();
            if (!got.equals(want) || array.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        rule
                                + " state '"
                                + name
                                + "' for parameter '"
                                + parameter.getName()
                                + "' is "
                                + array.getDataType()
                                + " "
                                + got
                                + ", expected float32 "
                                + want
                                + ".");
            }
        }
    }

    /**
     * A copy of {@code source} owned by the parameter's manager, so that it lives and dies with the
     * model like state the optimiser creates itself.
     */
    static PtNDArray copyFor(Parameter parameter, NDArray source) {
        NDArray copy =
                parameter.getArray().getManager().create(source.getShape(), source.getDataType());
        source.copyTo(copy);
        return pt(copy);
    }

    /** Sets the rate, then {@link #step(Iterable)}: the learner's rate is the one in force. */
    @Override
    public final void step(Iterable<Parameter> parameters, double rate) {
        setLearningRate((float) rate);
        step(parameters);
    }

    @Override
    public final void setRateScale(Iterable<Parameter> parameters, double scale) {
        setLearningRateScale(parameters, (float) scale);
    }

    /** The kit's optimizers hand out all their state: a resume is exact. */
    @Override
    public final boolean savesState() {
        return true;
    }

    @Override
    public final Optimizer asDjl() {
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        apply(
                List.of(parameterId),
                List.of(pt(weight)),
                List.of(pt(grad)),
                AfterUpdate.KEEP_GRADIENTS);
    }

    /**
     * Updates every parameter that has a gradient, reading the gradients in place, then zeroes the
     * gradients (PyTorch's {@code optimizer.step(); optimizer.zero_grad()}): call it after {@code
     * backward} instead of {@code Trainer.step()}. DJL's PyTorch engine accumulates gradients
     * across backward passes, as PyTorch does. Frozen parameters (no gradient) are skipped and
     * their state does not advance, as in PyTorch.
     *
     * @param parameters for example {@code model.getBlock().getParameters().values()}
     */
    public final void step(Iterable<Parameter> parameters) {
        List<String> ids = new ArrayList<>();
        List<PtNDArray> weights = new ArrayList<>();
        List<PtNDArray> grads = new ArrayList<>();
        try {
            for (Parameter parameter : parameters) {
                if (!parameter.requiresGradient() || !parameter.isInitialized()) {
                    continue;
                }
                PtNDArray weight = pt(parameter.getArray());
                if (!weight.hasGradient()) {
                    continue;
                }
                ids.add(parameter.getId());
                weights.add(weight);
                grads.add(pt(weight.getGradient()));
            }
            apply(ids, weights, grads, AfterUpdate.ZERO_GRADIENTS);
        } finally {
            // Handles to the gradient, not copies: closing them leaves the gradients in place.
            grads.forEach(NDArray::close);
        }
    }

    private void apply(
            List<String> ids, List<PtNDArray> weights, List<PtNDArray> grads, AfterUpdate after) {
        Map<Float, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            groups.computeIfAbsent(getLearningRate(ids.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Float, List<Integer>> group : groups.entrySet()) {
            List<Integer> members = group.getValue();
            updateGroup(
                    group.getKey(),
                    members.stream().map(ids::get).toList(),
                    members.stream().map(weights::get).toList(),
                    members.stream().map(grads::get).toList(),
                    after);
        }
    }

    /**
     * Updates one group of parameters that share a learning rate, in as few native calls as the
     * rule allows.
     *
     * @param learningRate the group's rate
     * @param ids the parameters' ids, for their state
     * @param weights the parameters, updated in place
     * @param grads their gradients
     * @param after whether the gradients are zeroed in the same native call
     */
    abstract void updateGroup(
            float learningRate,
            List<String> ids,
            List<PtNDArray> weights,
            List<PtNDArray> grads,
            AfterUpdate after);

    /** What happens to the gradients once the parameters are updated. */
    enum AfterUpdate {
        /** Leave them: DJL's {@code Trainer.step()} passes copies, and owns the originals. */
        KEEP_GRADIENTS,
        /** Zero them in place, ready for the next backward pass. */
        ZERO_GRADIENTS
    }

    private static PtNDArray pt(NDArray array) {
        if (array instanceof PtNDArray ptArray) {
            return ptArray;
        }
        throw new IllegalArgumentException(
                "The kit's optimisers run on the PyTorch engine; got a "
                        + array.getManager().getEngine().getEngineName()
                        + " array.");
    }

    /**
     * Common builder options.
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends OptimizerBuilder<T> {
        private float learningRate;
        private boolean learningRateSet;

        /**
         * Starts a builder with the rule's default learning rate.
         *
         * @param defaultLearningRate PyTorch's default for the rule
         */
        protected Builder(float defaultLearningRate) {
            this.learningRate = defaultLearningRate;
        }

        /**
         * Sets the initial base learning rate, for using the optimizer on its own (DJL's {@code
         * Trainer}); with a {@code Learner}, set the rate on the learner instead (its one home).
         *
         * @param learningRate the rate
         * @return this builder
         */
        public T optLearningRate(double learningRate) {
            // Zero is a rate (a schedule's end, a stage that only updates statistics).
            if (!(learningRate >= 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException(
                        "learning rate must be finite and >= 0, got " + learningRate);
            }
            // Rates are doubles in the kit's public API; the fused kernels compute in float32.
            this.learningRate = (float) learningRate;
            this.learningRateSet = true;
            return self();
        }

        /**
         * Sets PyTorch's {@code weight_decay} (same as DJL's {@link #optWeightDecays(float)}).
         *
         * @param weightDecay the decay factor, >= 0
         * @return this builder
         */
        public T optWeightDecay(double weightDecay) {
            if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
                throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
            }
            return optWeightDecays((float) weightDecay);
        }
    }
}
