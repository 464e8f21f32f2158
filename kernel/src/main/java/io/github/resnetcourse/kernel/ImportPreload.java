package io.github.resnetcourse.kernel;

import java.util.Locale;

/**
 * Whether the kernel imports the kit's lesson packages and DJL's tensor packages before the first
 * cell ({@code COURSE_KERNEL_PRELOAD}). The notebooks begin with an explicit imports cell, so they
 * run either way — and under a stock IJava/JJava kernel with the kit on the class path, which the
 * test suite checks by running every notebook with {@link #NONE}.
 */
public enum ImportPreload {
    /** {@code COURSE_KERNEL_PRELOAD=imports} (the default): the kit's imports are preloaded. */
    KIT_IMPORTS,
    /** {@code COURSE_KERNEL_PRELOAD=none}: cells see only what they import, as under IJava. */
    NONE;

    /** The variable that sets it. */
    public static final String VARIABLE = "COURSE_KERNEL_PRELOAD";

    /**
     * Parses the variable's value: {@code imports} (or unset/blank) or {@code none}.
     *
     * @throws IllegalArgumentException naming the variable and the accepted values
     */
    public static ImportPreload parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return KIT_IMPORTS;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "imports" -> KIT_IMPORTS;
            case "none" -> NONE;
            default ->
                    throw new IllegalArgumentException(
                            VARIABLE + "=" + raw + " is not a choice; use 'imports' or 'none'");
        };
    }
}
