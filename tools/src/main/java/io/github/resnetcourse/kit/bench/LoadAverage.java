package io.github.resnetcourse.kit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, recorded next to every benchmark figure. */
final class LoadAverage {
    private LoadAverage() {}

    /** The 1-, 5- and 15-minute load averages ({@code /proc/loadavg}), or "unknown" off Linux. */
    static String text() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average, or NaN off Linux. */
    static double oneMinute() {
        try {
            return Double.parseDouble(text().split(" ")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
