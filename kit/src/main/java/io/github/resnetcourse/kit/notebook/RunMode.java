package io.github.resnetcourse.kit.notebook;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much work a lesson does. Every notebook reads the same switch ({@code COURSE_MODE}), so a
 * teacher or CI flips all of them at once.
 */
public enum RunMode {
    /** A few batches and one or two epochs on generated data of the real formats: what CI runs. */
    SMOKE,
    /**
     * Each lesson's {@link LaptopPlan}: a fixed, seeded, class-balanced subset of the real data and
     * fewer epochs, so that every lesson finishes on a 2-core CPU within its stated budget.
     */
    LAPTOP,
    /** The real datasets and the seeds' epochs. */
    FULL;

    /**
     * Parses {@code smoke}, {@code laptop} or {@code full} (any case).
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
                "COURSE_MODE='"
                        + value
                        + "' is not a run mode; use "
                        + Arrays.stream(values())
                                .map(m -> "'" + m.label() + "'")
                                .collect(Collectors.joining(", "))
                        + ".");
    }

    /** The name {@code COURSE_MODE} takes ({@code laptop}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a dataset or weight file missing from the data folder is replaced by its generated
     * twin: always in smoke mode, loudly in laptop mode (so that the lesson still runs and can be
     * timed), never in full mode, which fails with the fetch command instead.
     */
    public boolean generatesMissingData() {
        return this != FULL;
    }
}
