package io.github.resnetcourse.kit.data;

/** Which part of a dataset to read. */
public enum Split {
    /** Training images (augmented). */
    TRAIN,
    /** Validation images (Flowers-102's {@code valid/}, a held-out share of an image folder). */
    VALID,
    /** Test images (CIFAR-10's {@code test_batch.bin}). */
    TEST
}
