package io.github.resnetcourse.kit.weights;

/**
 * A weight file that cannot be used: truncated, not the expected format, or not matching the model
 * (missing, unexpected or wrongly shaped tensors). The message names the file and what to do.
 */
public class WeightFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message naming the file and the fix. */
    public WeightFormatException(String message) {
        super(message);
    }

    /** An error with a cause. */
    public WeightFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
