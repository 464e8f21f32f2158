package io.github.resnetcourse.kit.notebook;

/**
 * Where the kit's rich output goes. The course kernel installs one at start ({@link
 * Notebook#install}); under stock IJava/JJava the kit finds their display through {@link Notebook};
 * elsewhere output falls back to plain text on stdout.
 */
public interface DisplaySink {
    /**
     * Shows {@code bundle} as a new output.
     *
     * @return an id that {@link #update} accepts to replace this output in place
     */
    String display(MimeBundle bundle);

    /** Replaces the output shown under {@code id} (a progress line, a live chart). */
    void update(String id, MimeBundle bundle);

    /** Whether outputs can be replaced in place (a notebook) rather than appended (a console). */
    default boolean updatesInPlace() {
        return true;
    }
}
