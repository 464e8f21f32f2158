package io.github.resnetcourse.kit.bench;

/**
 * What one child process measured for one {@link ScalingCase} at one dataset size.
 *
 * @param images images processed in the timed part (every image once per epoch or pass)
 * @param seconds wall-clock seconds of the timed part
 * @param cpuSeconds the process's CPU seconds over the timed part (all threads)
 * @param peakRssMb the process's resident-set high-water mark (VmHWM), in MiB
 * @param anonRssMb resident anonymous memory at the end (heap, native tensors), in MiB
 * @param fileRssMb resident file-backed memory at the end (mapped files, e.g. a feature cache), in
 *     MiB
 * @param heapMb Java heap in use at the end, in MiB
 * @param detail what else the case reports (e.g. extraction versus cached-epoch seconds)
 */
public record ScalingMeasurement(
        long images,
        double seconds,
        double cpuSeconds,
        double peakRssMb,
        double anonRssMb,
        double fileRssMb,
        double heapMb,
        String detail) {

    /**
     * Images per wall-clock second.
     *
     * @return {@code images / seconds}
     */
    public double imagesPerSecond() {
        return images / seconds;
    }

    /**
     * Wall-clock microseconds per image: constant when cost grows linearly with the data.
     *
     * @return {@code 1e6 * seconds / images}
     */
    public double microsecondsPerImage() {
        return 1e6 * seconds / images;
    }
}
