package io.github.resnetcourse.kit.train;

import java.util.OptionalInt;

/**
 * What a {@code fit} call is about to run, for schedules that need the total length (one-cycle,
 * cosine with warm-up over the whole run).
 *
 * @param epochs epochs in this fit call
 * @param stepsPerEpoch optimizer steps per epoch, when the training data reports its size
 */
public record FitPlan(int epochs, OptionalInt stepsPerEpoch) {
    /** Total optimizer steps of the fit, or a clear error when the data size is unknown. */
    public int totalSteps(String who) {
        if (stepsPerEpoch.isEmpty()) {
            throw new IllegalStateException(
                    who
                            + " needs the number of batches per epoch, but the training data does not"
                            + " report its size; give the total steps explicitly (totalSteps(n)).");
        }
        return epochs * stepsPerEpoch.getAsInt();
    }
}
