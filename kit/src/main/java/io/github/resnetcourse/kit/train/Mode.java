package io.github.resnetcourse.kit.train;

/** Whether a smaller or a larger value of a monitored metric is better. */
public enum Mode {
    /** Smaller is better (losses). */
    MIN,
    /** Larger is better (accuracies). */
    MAX
}
