package io.github.resnetcourse.kit.bench;

/** Which part of the network trains. */
public enum Backbone {
    /** Every parameter trains. */
    FULL,
    /** Only the linear head trains; the body is frozen (feature extraction). */
    FROZEN
}
