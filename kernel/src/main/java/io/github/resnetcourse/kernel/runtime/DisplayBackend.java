package io.github.resnetcourse.kernel.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** What {@link Display} needs from the running kernel. */
public interface DisplayBackend {
    /** Renders {@code value} in the requested MIME types (all it has when none are given). */
    DisplayData render(Object value, String... mimeTypes);

    /** Shows {@code data} as a new output under {@code id}. */
    void display(String id, DisplayData data);

    /** Replaces the output shown under {@code id}. */
    void update(String id, DisplayData data);
}
