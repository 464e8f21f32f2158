package io.github.resnetcourse.kit.models;

/**
 * Which shortcuts a CIFAR-style network of He et al. 2015 (§4.2) has: none (the plain-n baselines
 * of the degradation experiment) or identity shortcuts, with one of the paper's two options where a
 * stage halves the resolution and doubles the channels.
 */
public enum Shortcuts {
    /**
     * ResNet-n with option A: identity shortcuts everywhere; where the shape changes, x is
     * sub-sampled and its new channels are zero (no parameters). The paper's CIFAR-10 networks:
     * ResNet-20 has exactly as many parameters as plain-20.
     */
    RESIDUAL,
    /**
     * ResNet-n with option B: identity shortcuts, and a 1×1 convolution with stride 2 plus batch
     * norm (a projection, named {@code downsample} as in torchvision) where the shape changes.
     */
    PROJECTION,
    /** Blocks compute ReLU(F(x)): the plain-20/56 baselines of the degradation experiment. */
    NONE
}
