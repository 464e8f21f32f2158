package io.github.resnetcourse.kit.notebook;

import java.util.Locale;

/**
 * How much work a lesson does. Every notebook reads the same switch ({@code COURSE_MODE}), so a
 * teacher or CI flips all of them at once.
 */
public enum RunMode {
    /** A few batches and one or two epochs on generated data of the real formats: what CI runs. */
    SMOKE,
    /** The real datasets and the seeds' epochs. */
    FULL;

    /**
     * Parses {@code smoke} or {@code full} (any case).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static RunMode parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (RunMode m : values()) {
            if (m.name().equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "COURSE_MODE='" + value + "' is not a run mode; use 'smoke' or 'full'.");
    }
}
