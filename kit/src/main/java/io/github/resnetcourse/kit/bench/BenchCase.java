package io.github.resnetcourse.kit.bench;

import java.util.Locale;

/**
 * One measured configuration: ResNet18 on square images of {@code imageSize} pixels in batches of
 * {@code batchSize}, trained with Adam (lr 1e-3) on 10 classes.
 *
 * @param imageSize height and width in pixels
 * @param batchSize images per step
 * @param backbone full or frozen
 * @param trainSteps timed training steps (after {@link #WARMUP_STEPS})
 * @param evalSteps timed evaluation batches (after {@link #WARMUP_STEPS})
 */
public record BenchCase(
        int imageSize, int batchSize, Backbone backbone, int trainSteps, int evalSteps) {

    /** Untimed steps first: oneDNN picks its kernels and the allocator warms up. */
    public static final int WARMUP_STEPS = 2;

    /** Output classes of the head. */
    public static final int CLASSES = 10;

    /**
     * Returns a short name such as {@code 32px-b128-full}.
     *
     * @return the case's name, used in tables and file names
     */
    public String name() {
        return imageSize + "px-b" + batchSize + "-" + backbone.name().toLowerCase(Locale.ROOT);
    }
}
