package io.github.resnetcourse.kit.engine;

import java.util.Arrays;

/**
 * Decides, from what oneDNN recorded and what the operating system reports, whether oneDNN's cache
 * sizes need repairing and to what: the pure half of {@link HiddenCacheRepair}, kept apart so that
 * every branch is tested without the CPU that needs it.
 */
final class CacheRepairPlan {

    /** A recorded cache smaller than this is a hidden one read as (ways+1)·(sets+1)·… = 1 byte. */
    static final long DEGENERATE_BYTES = 1024;

    /**
     * oneDNN's own per-core guess for an L3 it cannot read ({@code platform::
     * get_per_core_cache_size}), used when glibc's L3 is implausible too (associativity 0).
     */
    static final long UNKNOWN_L3_PER_CORE = 1024 * 1024;

    /** Smallest sizes accepted from glibc as real: anything smaller is another hidden cache. */
    static final long MIN_L1 = 4 * 1024;

    static final long MIN_L2 = 64 * 1024;

    /**
     * oneDNN's record of the CPU (its xbyak {@code Cpu} object).
     *
     * @param sizes the data cache sizes per level, L1 first
     * @param sharing how many cores share each level
     * @param family the display family
     * @param model the display model
     * @param stepping the stepping
     */
    record Recorded(long[] sizes, long[] sharing, int family, int model, int stepping) {}

    /**
     * What the operating system reports.
     *
     * @param family {@code cpu family} in /proc/cpuinfo
     * @param model {@code model}
     * @param stepping {@code stepping}
     * @param l1d glibc's {@code LEVEL1_DCACHE_SIZE}
     * @param l2 {@code LEVEL2_CACHE_SIZE}
     * @param l3 {@code LEVEL3_CACHE_SIZE}
     * @param l3Ways {@code LEVEL3_CACHE_ASSOC}
     */
    record Reported(int family, int model, int stepping, long l1d, long l2, long l3, long l3Ways) {}

    private CacheRepairPlan() {}

    /**
     * The outcome: {@link OneDnnCaches.State#REPAIRED} with the sizes to write, or why not.
     *
     * @param recorded oneDNN's record
     * @param reported the operating system's figures
     * @return the decision; its sizes are what oneDNN should use
     */
    static OneDnnCaches decide(Recorded recorded, Reported reported) {
        if (recorded.family() != reported.family()
                || recorded.model() != reported.model()
                || recorded.stepping() != reported.stepping()) {
            return new OneDnnCaches(
                    OneDnnCaches.State.NOT_RECOGNISED,
                    new long[0],
                    String.format(
                            "oneDNN's record says family %d model %d stepping %d, /proc/cpuinfo"
                                    + " %d/%d/%d: another libtorch layout",
                            recorded.family(),
                            recorded.model(),
                            recorded.stepping(),
                            reported.family(),
                            reported.model(),
                            reported.stepping()));
        }
        long[] sizes = recorded.sizes();
        int levels = sizes.length;
        if (levels < 2 || levels > 10) {
            return unrecognised(recorded, levels + " cache levels recorded");
        }
        long degenerate = Arrays.stream(sizes).filter(size -> size < DEGENERATE_BYTES).count();
        if (degenerate == 0) {
            return new OneDnnCaches(
                    OneDnnCaches.State.VISIBLE, sizes.clone(), "oneDNN read them from cpuid");
        }
        if (degenerate != levels) {
            return unrecognised(recorded, "some levels read, some not");
        }
        if (reported.l1d() < MIN_L1 || reported.l2() < MIN_L2) {
            return unrecognised(
                    recorded,
                    "glibc reports L1d "
                            + reported.l1d()
                            + " B and L2 "
                            + reported.l2()
                            + " B: no real sizes to give oneDNN");
        }
        long[] repaired = sizes.clone();
        repaired[0] = reported.l1d();
        repaired[1] = reported.l2();
        boolean glibcL3 = reported.l3Ways() > 0 && reported.l3() >= MIN_L2;
        if (levels >= 3) {
            repaired[2] =
                    glibcL3
                            ? reported.l3()
                            : UNKNOWN_L3_PER_CORE * Math.max(1, recorded.sharing()[2]);
        }
        return new OneDnnCaches(
                OneDnnCaches.State.REPAIRED,
                repaired,
                "the hypervisor hides the cache topology and oneDNN had read 1-byte caches; sizes"
                        + " from glibc's legacy cpuid leaves"
                        + (levels >= 3 && !glibcL3
                                ? ", L3 oneDNN's own guess (glibc's has associativity 0)"
                                : ""));
    }

    private static OneDnnCaches unrecognised(Recorded recorded, String why) {
        return new OneDnnCaches(
                OneDnnCaches.State.NOT_RECOGNISED,
                new long[0],
                why + " (sizes " + Arrays.toString(recorded.sizes()) + "): left alone");
    }
}
