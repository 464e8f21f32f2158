package io.github.resnetcourse.kit.bench;

/**
 * What one child process measured for one {@link LessonStage}, on one side.
 *
 * @param seconds wall-clock seconds of the timed batches (after the warm-up batches)
 * @param cpuSeconds CPU seconds of the process (all its threads) over the timed batches: steadier
 *     than wall-clock seconds on a machine shared with other work
 * @param imagesPerSecond timed batches × batch size ÷ seconds
 * @param peakRssMb the process's resident-set high-water mark (VmHWM), in MiB
 * @param parameters the model's parameter count
 * @param trainable parameters that train in this stage
 * @param firstLoss the loss of the first (warm-up) batch: close to ln(classes) on both sides
 * @param runtime what ran it, e.g. {@code kit (libtorch 2.7.1, …)} or {@code torch 1.13.0}
 */
public record StageMeasurement(
        double seconds,
        double cpuSeconds,
        double imagesPerSecond,
        double peakRssMb,
        long parameters,
        long trainable,
        double firstLoss,
        String runtime) {}
