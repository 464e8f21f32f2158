package io.github.resnetcourse.kit.models;

/** Whether a CIFAR-style network has residual shortcuts (ResNet-n) or not (plain-n). */
public enum Shortcuts {
    /** Blocks compute ReLU(F(x) + x): ResNet-20/56. */
    RESIDUAL,
    /** Blocks compute ReLU(F(x)): the plain-20/56 baselines of the degradation experiment. */
    NONE
}
