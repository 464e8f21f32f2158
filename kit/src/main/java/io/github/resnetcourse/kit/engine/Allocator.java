package io.github.resnetcourse.kit.engine;

import java.util.Locale;

/**
 * How glibc's {@code malloc} serves libtorch's tensor buffers; chosen with {@code COURSE_ALLOCATOR}
 * (or {@code -Dcourse.allocator}).
 */
public enum Allocator {
    /**
     * The default: buffers of 12 MiB and more (a ResNet's large activations at 224×224) are mapped
     * on allocation and unmapped on free ({@code M_MMAP_THRESHOLD} 12 MiB or {@code
     * COURSE_MMAP_THRESHOLD_MIB}, {@code M_TRIM_THRESHOLD} 64 MiB). The JVM runs the kit on threads
     * whose malloc arenas grow in 64 MiB segments, where activations of tens of megabytes fragment
     * the heap; measured on ResNet18 at 224×224 (full training), the peak fell from ~1.75 GB to
     * ~1.25 GB, below PyTorch's ~1.5 GB. Mapping costs page faults, which {@link HugePages} cut
     * 512-fold (docs/performance.md).
     */
    LARGE_MAPPED,
    /** glibc's own adaptive thresholds, untouched, as PyTorch runs under Python. */
    GLIBC,
    /**
     * Freed buffers stay in the heap ({@code M_MMAP_THRESHOLD} 32 MiB, {@code M_TRIM_THRESHOLD} 1
     * GiB) and libtorch aligns large buffers to transparent huge pages ({@code
     * THP_MEM_ALLOC_ENABLE=1}): fewer page faults per step, but every thread's arena keeps its high
     * water mark, which raised the frozen-backbone peak at 224×224 by ~35 %.
     */
    RETAIN;

    /** Parses {@code large_mapped}, {@code glibc} or {@code retain}, ignoring case. */
    public static Allocator parse(String value) {
        for (Allocator a : values()) {
            if (a.name().equalsIgnoreCase(value.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "COURSE_ALLOCATOR="
                        + value
                        + " is not known: use large_mapped (the default), glibc or retain.");
    }

    /** The lower-case name used in settings and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
