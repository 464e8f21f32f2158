package io.github.resnetcourse.kernel.eval;

/**
 * What a cell evaluates to: the value of its last expression, or nothing when the cell ends with a
 * statement or declaration. A {@code null} value is a value ({@code Object o = null; o} shows
 * {@code null}).
 */
public final class CellValue {
    private static final CellValue NONE = new CellValue(false, null);

    private final boolean present;
    private final Object value;

    private CellValue(boolean present, Object value) {
        this.present = present;
        this.value = value;
    }

    /** A cell without a value. */
    public static CellValue none() {
        return NONE;
    }

    /** A cell whose last expression evaluated to {@code value}. */
    public static CellValue of(Object value) {
        return new CellValue(true, value);
    }

    /** Whether the cell has a value to show. */
    public boolean isPresent() {
        return present;
    }

    /** The value (only meaningful when {@link #isPresent()}). */
    public Object get() {
        return value;
    }
}
