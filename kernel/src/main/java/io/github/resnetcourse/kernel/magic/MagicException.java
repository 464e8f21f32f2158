package io.github.resnetcourse.kernel.magic;

/** A magic that could not do its job; the message says why and what to do. */
public class MagicException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the failure with a message for the notebook user. */
    public MagicException(String message) {
        super(message);
    }

    /** Creates the failure with a message for the notebook user and its cause. */
    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
