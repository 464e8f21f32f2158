package io.github.resnetcourse.kit.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether glibc backs the buffers it maps (those from {@link Allocator#LARGE_MAPPED}'s threshold
 * up) with transparent huge pages.
 *
 * <p>A freshly mapped buffer costs one page fault per page on first touch: for a 98 MiB activation
 * that is 25,000 faults of 4 KiB, or 49 of 2 MiB. glibc 2.35 and later advise huge pages for the
 * memory they map (and the main arena's {@code sbrk} growth) when the process starts with {@code
 * GLIBC_TUNABLES=glibc.malloc.hugetlb=1}; the per-thread arenas that serve the JVM threads' smaller
 * buffers, reused step after step, keep small pages, so they do not grow. Measured on ResNet18,
 * this made training 10–25 % faster with the same peak memory (docs/performance.md). glibc reads
 * the setting only at process start, so the launchers set it (the kernel's {@code kernel.json},
 * {@code ./course}, the benchmark's child processes); the kit can only report it.
 */
public enum HugePages {
    /** Mapped buffers get huge pages ({@code glibc.malloc.hugetlb=1}, the kernel allows them). */
    MAPPED_BUFFERS("huge pages"),
    /** The kernel gives huge pages to all large anonymous memory ({@code always}). */
    SYSTEM_WIDE("huge pages (system-wide)"),
    /** Small pages: the tunable is unset, glibc too old, or the kernel has them off. */
    OFF("small pages");

    /** The value of {@code GLIBC_TUNABLES} the launchers set. */
    public static final String GLIBC_TUNABLE = "glibc.malloc.hugetlb=1";

    private static final Path THP_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private final String label;

    HugePages(String label) {
        this.label = label;
    }

    /** How reports name it, e.g. {@code huge pages}. */
    public String label() {
        return label;
    }

    /** What applies to this process. */
    static HugePages detect() {
        if (!Engines.isLinux()) {
            return OFF;
        }
        String thp;
        try {
            thp = Files.readString(THP_SETTING);
        } catch (IOException | SecurityException e) {
            return OFF; // no transparent huge pages in this kernel
        }
        String glibc;
        try {
            glibc = Native.load("c", LibC.class).gnu_get_libc_version();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            glibc = null; // not glibc (musl)
        }
        return of(System.getenv("GLIBC_TUNABLES"), thp, glibc);
    }

    /**
     * Decides from the process's {@code GLIBC_TUNABLES}, the kernel's setting (the contents of
     * {@code /sys/kernel/mm/transparent_hugepage/enabled}, e.g. {@code always [madvise] never}) and
     * glibc's version (null if not glibc).
     */
    static HugePages of(String tunables, String kernelSetting, String glibcVersion) {
        if (kernelSetting.contains("[always]")) {
            return SYSTEM_WIDE;
        }
        if (!kernelSetting.contains("[madvise]") || !supportsTunable(glibcVersion)) {
            return OFF;
        }
        if (tunables != null) {
            for (String tunable : tunables.split(":")) {
                if (tunable.trim().equals(GLIBC_TUNABLE)) {
                    return MAPPED_BUFFERS;
                }
            }
        }
        return OFF;
    }

    /** glibc added {@code glibc.malloc.hugetlb} in 2.35. */
    private static boolean supportsTunable(String glibcVersion) {
        if (glibcVersion == null) {
            return false;
        }
        String[] parts = glibcVersion.trim().split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
            return major > 2 || (major == 2 && minor >= 35);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The glibc call that names its version. */
    interface LibC extends Library {
        String gnu_get_libc_version();
    }
}
