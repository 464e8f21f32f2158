package io.github.resnetcourse.kit.notebook;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fallback sink: prints the plain-text form of every output to stdout (never stderr, which
 * graders read as a failed cell). An update prints a new line, since a console cannot rewrite one.
 */
final class ConsoleSink implements DisplaySink {
    private final AtomicLong ids = new AtomicLong();
    private final PrintStream out;

    ConsoleSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public String display(MimeBundle bundle) {
        out.println(bundle.plain());
        return "console-" + ids.incrementAndGet();
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        out.println(bundle.plain());
    }

    @Override
    public boolean updatesInPlace() {
        return false;
    }
}
