package io.github.resnetcourse.kit.bench;

/**
 * What one child process measured for one case.
 *
 * @param trainImagesPerSecond training throughput (forward, loss, backward, update)
 * @param evalImagesPerSecond evaluation throughput (forward only, no gradients)
 * @param peakRssMb the process's resident-set high-water mark (VmHWM), in MiB
 * @param runtime what ran it, e.g. {@code kit (libtorch 2.7.1)} or {@code torch 1.13.0}
 */
public record Measurement(
        double trainImagesPerSecond,
        double evalImagesPerSecond,
        double peakRssMb,
        String runtime) {}
