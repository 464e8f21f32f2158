package io.github.resnetcourse.kernel.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.UUID;

/**
 * IJava's notebook display API, statically imported into every cell: {@code display(chart)}, {@code
 * String id = display(progress); ... updateDisplay(id, progress)}, {@code render(x, "text/html")}.
 * Notebooks written for IJava run unchanged.
 */
public final class Display {
    private static volatile DisplayBackend backend;

    private Display() {}

    /** Connects the API to the running kernel (called once at kernel start). */
    public static void install(DisplayBackend kernelBackend) {
        backend = kernelBackend;
    }

    /** Renders {@code value} in every MIME type the kernel knows for it. */
    public static DisplayData render(Object value) {
        return backend().render(value);
    }

    /** Renders {@code value} as the given MIME types, e.g. {@code render(x, "text/html")}. */
    public static DisplayData render(Object value, String... mimeTypes) {
        return backend().render(value, mimeTypes);
    }

    /**
     * Shows {@code value} below the cell now (not only as the cell's result).
     *
     * @return the display id that {@link #updateDisplay(String, Object)} replaces
     */
    public static String display(Object value) {
        return show(backend().render(value));
    }

    /**
     * Shows {@code value} as the given MIME types.
     *
     * @return the display id that {@link #updateDisplay(String, Object, String...)} replaces
     */
    public static String display(Object value, String... mimeTypes) {
        return show(backend().render(value, mimeTypes));
    }

    /** Replaces the output shown under {@code id} with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        backend().update(id, backend().render(value));
    }

    /** Replaces the output shown under {@code id} with {@code value} as the given MIME types. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        backend().update(id, backend().render(value, mimeTypes));
    }

    private static String show(DisplayData data) {
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        backend().display(id, data);
        return id;
    }

    private static DisplayBackend backend() {
        DisplayBackend b = backend;
        if (b == null) {
            throw new IllegalStateException(
                    "display(...) needs a running course kernel; outside a notebook use"
                            + " io.github.resnetcourse.kit.notebook.Notebook.show(...)");
        }
        return b;
    }
}
