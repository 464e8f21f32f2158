package io.github.resnetcourse.kit.notebook;

import java.util.Objects;

/**
 * The kit's only route to the notebook front end. Charts, image grids, tables and progress lines
 * all call {@link #show}; none of them knows which kernel runs them.
 *
 * <p>The course kernel calls {@link #install} at start. Under stock IJava or JJava the kit shows
 * its output through their display ({@link ForeignKernelSink}). Elsewhere output is printed as
 * plain text to stdout, so the kit works the same in tests, {@code jshell} and plain Java programs.
 */
public final class Notebook {
    private static volatile DisplaySink sink =
            ForeignKernelSink.find().orElseGet(() -> new ConsoleSink(System.out));

    private Notebook() {}

    /** Routes all rich output to {@code newSink} (called by the kernel at start). */
    public static void install(DisplaySink newSink) {
        sink = Objects.requireNonNull(newSink, "sink");
    }

    /** The sink currently in use. */
    public static DisplaySink sink() {
        return sink;
    }

    /** Shows {@code bundle} and returns a handle to replace it later. */
    public static DisplayHandle show(MimeBundle bundle) {
        DisplaySink s = sink;
        return new DisplayHandle(s, s.display(bundle));
    }

    /** Whether shown outputs can be replaced in place (true in a notebook, false on a console). */
    public static boolean updatesInPlace() {
        return sink.updatesInPlace();
    }
}
