package io.github.resnetcourse.kit.engine;

import java.util.Arrays;
import java.util.Locale;

/**
 * What oneDNN knows of this CPU's data caches, and whether the kit had to tell it: the outcome of
 * {@link HiddenCacheRepair}.
 *
 * <p>oneDNN sizes the blocks of its convolution kernels to fit the L1 and L2 caches. Some
 * hypervisors hide the cache topology (cpuid leaf {@code 0x8000001D} all zeros on an AMD EPYC cloud
 * machine), and oneDNN 3.7's copy of xbyak then records 1-byte caches: its brgemm kernels divide by
 * zero or compute wrong values (docs/engine-check.md). The repair gives oneDNN the sizes glibc
 * reads from the legacy cpuid leaves the hypervisor does fill.
 *
 * @param state what was found and done
 * @param sizes the data cache sizes oneDNN uses after this, in bytes, L1 first (empty when not
 *     read)
 * @param detail why, in words, for the doctor and logs
 */
public record OneDnnCaches(State state, long[] sizes, String detail) {

    /** What was found and done. */
    public enum State {
        /** The operating system sees the cache topology, so oneDNN reads it too: nothing done. */
        VISIBLE,
        /** oneDNN had read 1-byte caches; the kit wrote the real sizes before any convolution. */
        REPAIRED,
        /** oneDNN's record did not look as expected; left alone (the self-check still guards). */
        NOT_RECOGNISED,
        /** Not looked at: not Linux on x86-64, or libtorch without oneDNN's symbols. */
        NOT_CHECKED
    }

    /** The record for a process that did not look. */
    static OneDnnCaches notChecked(String why) {
        return new OneDnnCaches(State.NOT_CHECKED, new long[0], why);
    }

    /** Whether the kit changed what oneDNN uses. */
    public boolean repaired() {
        return state == State.REPAIRED;
    }

    /** One line, e.g. "repaired: L1d 48 KiB, L2 1024 KiB, L3 1024 KiB (the hypervisor hides …)". */
    public String describe() {
        String label = state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (sizes.length == 0) {
            return label + " (" + detail + ")";
        }
        StringBuilder line = new StringBuilder(label).append(':');
        for (int level = 0; level < sizes.length; level++) {
            line.append(level == 0 ? " L1d " : ", L" + (level + 1) + " ")
                    .append(sizes[level] / 1024)
                    .append(" KiB");
        }
        return line.append(" (").append(detail).append(')').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OneDnnCaches that
                && state == that.state
                && Arrays.equals(sizes, that.sizes)
                && detail.equals(that.detail);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * state.hashCode() + Arrays.hashCode(sizes)) + detail.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
