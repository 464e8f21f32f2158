package io.github.resnetcourse.kit.engine;

import java.util.Locale;

/**
 * How glibc's {@code malloc} serves libtorch's tensor buffers; chosen with {@code COURSE_ALLOCATOR}
 * (or {@code -Dcourse.allocator}).
 */
public enum Allocator {
    /**
     * glibc's own adaptive thresholds, as PyTorch runs under Python. The default: measured on the
     * course machine, it gives the lowest peak memory for the same speed once the kit's models run
     * channels-last (docs/performance.md).
     */
    GLIBC,
    /**
     * Freed buffers stay in the heap ({@code M_MMAP_THRESHOLD} 32 MiB, {@code M_TRIM_THRESHOLD} 1
     * GiB) and libtorch aligns large buffers to transparent huge pages ({@code
     * THP_MEM_ALLOC_ENABLE=1}): fewer page faults per step, but every thread's arena keeps its high
     * water mark, which raised the frozen-backbone peak at 224×224 by ~35 %.
     */
    RETAIN;

    /** Parses {@code glibc} or {@code retain}, ignoring case. */
    public static Allocator parse(String value) {
        for (Allocator a : values()) {
            if (a.name().equalsIgnoreCase(value.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "COURSE_ALLOCATOR=" + value + " is not known: use glibc (the default) or retain.");
    }

    /** The lower-case name used in settings and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
