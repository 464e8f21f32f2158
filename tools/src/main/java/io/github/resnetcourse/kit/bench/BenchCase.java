package io.github.resnetcourse.kit.bench;

import java.util.Locale;

/**
 * One measured configuration: ResNet18 on square images of {@code imageSize} pixels in batches of
 * {@code batchSize}, trained with Adam (lr 1e-3) on 10 classes.
 *
 * @param imageSize height and width in pixels
 * @param batchSize images per step
 * @param backbone full or frozen
 * @param trainSteps timed training steps (after the warm-up)
 * @param evalSteps timed evaluation batches (after the warm-up)
 */
public record BenchCase(
        int imageSize, int batchSize, Backbone backbone, int trainSteps, int evalSteps) {

    /**
     * Untimed steps first, at least this many and for at least {@link #WARMUP_SECONDS}: oneDNN
     * picks its kernels, the allocator grows to its working set, and the JVM's compiler threads
     * finish the hot paths (they share the two cores with PyTorch's threads while they run).
     */
    public static final int WARMUP_STEPS = 3;

    /** The shortest warm-up in seconds, on both sides (see {@link #WARMUP_STEPS}). */
    public static final double WARMUP_SECONDS = 4.0;

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
