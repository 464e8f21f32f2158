package io.github.resnetcourse.kit.cli;

import java.util.Locale;

/** Byte counts for people: {@code 170.5 MB}. Decimal units, as download pages state them. */
final class Sizes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private Sizes() {}

    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        double v = n;
        int unit = 0;
        while (v >= 1000 && unit < UNITS.length - 1) {
            v /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }
}
