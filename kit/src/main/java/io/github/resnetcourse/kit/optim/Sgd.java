package io.github.resnetcourse.kit.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PyTorch's {@code torch.optim.SGD}: momentum with dampening, Nesterov momentum and L2 weight
 * decay, with the momentum buffer starting as a copy of the first gradient.
 *
 * <pre>{@code
 * Sgd sgd = Sgd.builder().optLearningRate(0.01).optMomentum(0.9).build();
 * }</pre>
 */
public final class Sgd extends FusedOptimizer {

    private final float momentum;
    private final float dampening;
    private final boolean nesterov;
    private final Map<String, PtNDArray> buffers = new ConcurrentHashMap<>();

    private Sgd(Builder builder) {
        super(builder);
        if (builder.nesterov && (builder.momentum <= 0 || builder.dampening != 0)) {
            throw new IllegalArgumentException(
                    "Nesterov momentum requires a momentum > 0 and zero dampening (as in PyTorch).");
        }
        this.momentum = builder.momentum;
        this.dampening = builder.dampening;
        this.nesterov = builder.nesterov;
    }

    /**
     * Starts a builder with PyTorch's defaults: lr 1e-3, no momentum, no dampening, no weight
     * decay.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, NDArray> getState(Parameter parameter) {
        PtNDArray buffer = buffers.get(parameter.getId());
        return buffer == null ? Map.of() : Map.of("momentum_buffer", buffer);
    }

    /** {@inheritDoc} */
    @Override
    public void setState(Parameter parameter, Map<String, NDArray> state) {
        if (state.isEmpty()) {
            PtNDArray old = buffers.remove(parameter.getId());
            if (old != null) {
                old.close();
            }
            return;
        }
        if (momentum == 0) {
            throw new IllegalArgumentException(
                    "SGD without momentum keeps no state, but a momentum buffer was given for"
                            + " parameter '"
                            + parameter.getName()
                            + "'; build the optimiser with optMomentum(...) as it was saved.");
        }
        checkState(parameter, state, List.of("momentum_buffer"), Set.of(), "SGD");
        PtNDArray old =
                buffers.put(parameter.getId(), copyFor(parameter, state.get("momentum_buffer")));
        if (old != null) {
            old.close();
        }
    }

    /** {@inheritDoc} */
    @Override
    public String describeSettings() {
        return String.format(
                Locale.ROOT,
                "SGD(momentum=%s, dampening=%s, weight_decay=%s, nesterov=%s)",
                momentum,
                dampening,
                getWeightDecay(),
                nesterov ? "True" : "False");
    }

    @Override
    void updateGroup(
            float learningRate,
            List<String> ids,
            List<PtNDArray> weights,
            List<PtNDArray> grads,
            AfterUpdate after) {
        boolean zero = after == AfterUpdate.ZERO_GRADIENTS;
        if (momentum == 0) {
            FusedKernels.sgd(
                    weights,
                    grads,
                    List.of(),
                    learningRate,
                    0,
                    dampening,
                    getWeightDecay(),
                    false,
                    false,
                    zero);
            return;
        }
        // The fused kernel initialises buffers on a "first step", so fresh and running parameters
        // go in separate calls.
        List<Integer> fresh = new ArrayList<>();
        List<Integer> running = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            (buffers.containsKey(ids.get(i)) ? running : fresh).add(i);
        }
        for (int i : fresh) {
            buffers.put(ids.get(i), (PtNDArray) weights.get(i).zerosLike());
        }
        run(learningRate, fresh, ids, weights, grads, true, zero);
        run(learningRate, running, ids, weights, grads, false, zero);
    }

    private void run(
            float learningRate,
            List<Integer> members,
            List<String> ids,
            List<PtNDArray> weights,
            List<PtNDArray> grads,
            boolean firstStep,
            boolean zeroGrads) {
        if (members.isEmpty()) {
            return;
        }
        FusedKernels.sgd(
                members.stream().map(weights::get).toList(),
                members.stream().map(grads::get).toList(),
                members.stream().map(i -> buffers.get(ids.get(i))).toList(),
                learningRate,
                momentum,
                dampening,
                getWeightDecay(),
                nesterov,
                firstStep,
                zeroGrads);
    }

    /** Builds {@link Sgd}. */
    public static final class Builder extends FusedOptimizer.Builder<Builder> {
        private float momentum;
        private float dampening;
        private boolean nesterov;

        Builder() {
            super(1e-3f);
        }

        /**
         * Sets PyTorch's {@code momentum}.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(double momentum) {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            this.momentum = (float) momentum;
            return this;
        }

        /**
         * Sets PyTorch's {@code dampening} of the momentum.
         *
         * @param dampening in [0, 1]
         * @return this builder
         */
        public Builder optDampening(double dampening) {
            if (!(dampening >= 0 && dampening <= 1)) {
                throw new IllegalArgumentException("dampening must be in [0, 1], got " + dampening);
            }
            this.dampening = (float) dampening;
            return this;
        }

        /**
         * Uses Nesterov momentum (PyTorch's {@code nesterov=True}).
         *
         * @return this builder
         */
        public Builder optNesterov() {
            this.nesterov = true;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the optimiser.
         *
         * @return a new SGD
         */
        public Sgd build() {
            return new Sgd(this);
        }
    }
}
