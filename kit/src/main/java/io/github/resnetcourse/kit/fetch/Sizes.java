package io.github.resnetcourse.kit.fetch;

import java.util.Locale;

/** Byte counts for people: {@code 162.6 MB}. */
public final class Sizes {
    private Sizes() {}

    /** {@code bytes} in B, kB, MB or GB with one decimal (powers of 1000, as publishers list). */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
