package io.github.resnetcourse.kit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as Linux reports it in {@code /proc/self/status}, for the bench children.
 */
final class ProcessMemory {
    private ProcessMemory() {}

    /** The resident-set high-water mark ({@code VmHWM}) in MiB, or NaN off Linux. */
    static double peakMb() {
        return statusMb("VmHWM:");
    }

    /**
     * A {@code /proc/self/status} field in MiB, or NaN off Linux.
     *
     * @param field the field with its colon, e.g. {@code RssAnon:}
     * @return its value in MiB
     */
    static double statusMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: report no figure rather than fail the benchmark.
        }
        return Double.NaN;
    }
}
