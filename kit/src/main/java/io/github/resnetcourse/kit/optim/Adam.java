package io.github.resnetcourse.kit.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PyTorch's {@code torch.optim.Adam} (and, with {@link WeightDecayMode#DECOUPLED}, {@code AdamW}):
 * same defaults, same update, same bias correction per parameter.
 *
 * <pre>{@code
 * Adam adam = Adam.builder().optLearningRate(1e-3).optWeightDecay(1e-4).build();
 * }</pre>
 *
 * <p>Unlike DJL's own {@code ai.djl.training.optimizer.Adam}, whose {@code weightDecays} is an L2
 * term in MXNet's convention, {@code optWeightDecay} here means exactly PyTorch's {@code
 * weight_decay}.
 */
public class Adam extends FusedOptimizer {

    /** How {@code weight_decay} enters the update. */
    public enum WeightDecayMode {
        /** {@code torch.optim.Adam}: {@code weight_decay * param} is added to the gradient. */
        L2,
        /** {@code torch.optim.AdamW}: the parameter shrinks by {@code lr * weight_decay}. */
        DECOUPLED
    }

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final WeightDecayMode mode;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    Adam(Builder builder) {
        super(builder);
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.eps = builder.eps;
        this.mode = builder.mode;
    }

    /**
     * Starts a builder with PyTorch's Adam defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight
     * decay 0 as L2.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(WeightDecayMode.L2, 0f);
    }

    /**
     * Returns how weight decay is applied.
     *
     * @return {@link WeightDecayMode#L2} for Adam, {@link WeightDecayMode#DECOUPLED} for AdamW
     */
    public WeightDecayMode getWeightDecayMode() {
        return mode;
    }

    /**
     * Returns the number of steps taken for one parameter (PyTorch's {@code state['step']}).
     *
     * @param parameterId the parameter's id
     * @return 0 before its first update
     */
    public long getStepCount(String parameterId) {
        State state = states.get(parameterId);
        return state == null ? 0 : (long) state.step.getFloat();
    }

    /** PyTorch's names for Adam's per-parameter state, in its order. */
    private static final List<String> STATE_NAMES = List.of("step", "exp_avg", "exp_avg_sq");

    /** {@inheritDoc} */
    @Override
    public Map<String, NDArray> getState(Parameter parameter) {
        State state = states.get(parameter.getId());
        if (state == null) {
            return Map.of();
        }
        Map<String, NDArray> named = new LinkedHashMap<>();
        named.put("step", state.step);
        named.put("exp_avg", state.expAvg);
        named.put("exp_avg_sq", state.expAvgSq);
        return Collections.unmodifiableMap(named);
    }

    /** {@inheritDoc} */
    @Override
    public void setState(Parameter parameter, Map<String, NDArray> state) {
        if (state.isEmpty()) {
            State old = states.remove(parameter.getId());
            if (old != null) {
                old.close();
            }
            return;
        }
        checkState(parameter, state, STATE_NAMES, Set.of("step"), ruleName());
        State loaded =
                new State(
                        copyFor(parameter, state.get("exp_avg")),
                        copyFor(parameter, state.get("exp_avg_sq")),
                        copyFor(parameter, state.get("step")));
        State old = states.put(parameter.getId(), loaded);
        if (old != null) {
            old.close();
        }
    }

    /** {@inheritDoc} */
    @Override
    public String describeSettings() {
        return String.format(
                Locale.ROOT,
                "%s(betas=(%s, %s), eps=%s, weight_decay=%s)",
                ruleName(),
                beta1,
                beta2,
                eps,
                getWeightDecay());
    }

    private String ruleName() {
        return mode == WeightDecayMode.DECOUPLED ? "AdamW" : "Adam";
    }

    @Override
    void updateGroup(
            float learningRate,
            List<String> ids,
            List<PtNDArray> weights,
            List<PtNDArray> grads,
            AfterUpdate after) {
        List<PtNDArray> expAvgs = new ArrayList<>(ids.size());
        List<PtNDArray> expAvgSqs = new ArrayList<>(ids.size());
        List<PtNDArray> steps = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            PtNDArray weight = weights.get(i);
            State state = states.computeIfAbsent(ids.get(i), id -> new State(weight));
            expAvgs.add(state.expAvg);
            expAvgSqs.add(state.expAvgSq);
            steps.add(state.step);
        }
        FusedKernels.adam(
                weights,
                grads,
                expAvgs,
                expAvgSqs,
                steps,
                learningRate,
                beta1,
                beta2,
                getWeightDecay(),
                eps,
                mode == WeightDecayMode.DECOUPLED,
                after == AfterUpdate.ZERO_GRADIENTS);
    }

    /** PyTorch's per-parameter state: first and second moments and a float step counter. */
    private static final class State {
        final PtNDArray expAvg;
        final PtNDArray expAvgSq;
        final PtNDArray step;

        State(PtNDArray weight) {
            // Owned by the weight's manager, so the state lives and dies with the model.
            this(
                    (PtNDArray) weight.zerosLike(),
                    (PtNDArray) weight.zerosLike(),
                    (PtNDArray) weight.getManager().create(0f));
        }

        State(PtNDArray expAvg, PtNDArray expAvgSq, PtNDArray step) {
            this.expAvg = expAvg;
            this.expAvgSq = expAvgSq;
            this.step = step;
        }

        /** Frees state that was replaced, instead of leaving it to the model's manager. */
        void close() {
            expAvg.close();
            expAvgSq.close();
            step.close();
        }
    }

    /** Builds {@link Adam}; see {@link AdamW#builder()} for the decoupled variant. */
    public static final class Builder extends FusedOptimizer.Builder<Builder> {
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float eps = 1e-8f;
        private WeightDecayMode mode;

        Builder(WeightDecayMode mode, float weightDecay) {
            super(1e-3f);
            this.mode = mode;
            optWeightDecay(weightDecay);
        }

        /**
         * Sets PyTorch's {@code betas}.
         *
         * @param beta1 decay of the first moment, in [0, 1)
         * @param beta2 decay of the second moment, in [0, 1)
         * @return this builder
         */
        public Builder optBetas(double beta1, double beta2) {
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException(
                        "betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
            }
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            return this;
        }

        /**
         * Sets PyTorch's {@code eps}, added to the denominator.
         *
         * @param eps a small positive number
         * @return this builder
         */
        public Builder optEps(double eps) {
            if (!(eps > 0)) {
                throw new IllegalArgumentException("eps must be > 0, got " + eps);
            }
            this.eps = (float) eps;
            return this;
        }

        /**
         * Chooses how weight decay is applied.
         *
         * @param mode L2 (Adam) or DECOUPLED (AdamW)
         * @return this builder
         */
        public Builder optWeightDecayMode(WeightDecayMode mode) {
            this.mode = mode;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the optimiser.
         *
         * @return a new Adam
         */
        public Adam build() {
            return new Adam(this);
        }
    }
}
