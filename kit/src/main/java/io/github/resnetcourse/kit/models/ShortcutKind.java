package io.github.resnetcourse.kit.models;

/** How a residual block carries its input past the main path. */
public enum ShortcutKind {
    /** {@code x} itself (same shape in and out). */
    IDENTITY,
    /** A 1×1 convolution (plus BatchNorm in ResNet v1): He et al.'s option B. */
    PROJECTION,
    /** {@code x} sub-sampled and zero-padded to the new channel count: option A (CIFAR nets). */
    ZERO_PAD,
    /** {@code x} sub-sampled by a 1×1 max-pool with stride 2 (Keras ResNet v2, last block). */
    SUBSAMPLE,
    /** No shortcut at all: a plain network block, {@code out = ReLU(F(x))}. */
    NONE
}
