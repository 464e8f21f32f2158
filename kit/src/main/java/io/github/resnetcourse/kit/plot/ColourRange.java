package io.github.resnetcourse.kit.plot;

/** How several heat maps drawn side by side choose their colours. */
public enum ColourRange {
    /**
     * Each map spans its own minimum to maximum, as {@code imshow} does: shows each map's pattern,
     * hides how the maps' magnitudes compare.
     */
    PER_MAP,
    /**
     * One diverging scale for all maps, symmetric around zero (blue negative, white zero, red
     * positive), with one colour bar: a map that is nearly white is nearly zero. For comparing x,
     * F(x) and x + F(x) of a residual block.
     */
    SHARED_DIVERGING
}
