package io.github.resnetcourse.kit.engine;

/** How one configuration fared in the convolution self-check. */
public enum CheckStatus {
    /** Every output and gradient matched the float64 reference. */
    CORRECT,
    /** It ran, but some output or gradient was wrong. */
    WRONG,
    /** The child process died (a signal such as SIGFPE or SIGSEGV, or an error). */
    CRASHED,
    /** The child did not finish in time. */
    TIMED_OUT
}
