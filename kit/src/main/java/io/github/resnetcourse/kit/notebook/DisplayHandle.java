package io.github.resnetcourse.kit.notebook;

/**
 * An output already shown, which can be replaced in place (a progress line, a chart that grows).
 */
public final class DisplayHandle {
    private final DisplaySink sink;
    private final String id;

    DisplayHandle(DisplaySink sink, String id) {
        this.sink = sink;
        this.id = id;
    }

    /** Replaces the shown output with {@code bundle}. */
    public void update(MimeBundle bundle) {
        sink.update(id, bundle);
    }

    /** The display id the front end knows this output by. */
    public String id() {
        return id;
    }
}
