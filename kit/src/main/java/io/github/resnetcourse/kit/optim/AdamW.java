package io.github.resnetcourse.kit.optim;

/**
 * PyTorch's {@code torch.optim.AdamW}: {@link Adam} with decoupled weight decay and AdamW's default
 * {@code weight_decay=0.01}.
 *
 * <pre>{@code
 * Adam adamW = AdamW.builder().optLearningRate(1e-3).build();
 * }</pre>
 */
public final class AdamW {

    private AdamW() {}

    /**
     * Starts a builder with PyTorch's AdamW defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight
     * decay 0.01, decoupled.
     *
     * @return a new builder
     */
    public static Adam.Builder builder() {
        return new Adam.Builder(Adam.WeightDecayMode.DECOUPLED, 0.01f);
    }
}
