package io.github.resnetcourse.kit.fetch;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a progress line per tenth of a download. Lines rather than carriage returns, because a
 * notebook's stream output and CI logs both keep every line readable.
 */
final class ConsoleProgress implements DownloadProgress {
    private static final long UNKNOWN_STEP = 10L << 20;

    private final PrintStream out;
    private String name = "";
    private long startNanos;
    private long startBytes;
    private long nextReport;
    private long lastReported = -1;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(String name, long alreadyHave, long total) {
        this.name = name;
        this.startNanos = System.nanoTime();
        this.startBytes = alreadyHave;
        this.nextReport = step(total) + alreadyHave;
        this.lastReported = -1;
        out.println(
                "Downloading "
                        + name
                        + (total > 0 ? " (" + Sizes.human(total) + ")" : "")
                        + (alreadyHave > 0 ? ", resuming after " + Sizes.human(alreadyHave) : ""));
    }

    @Override
    public void update(long done, long total) {
        // The last chunk always reports, so the output ends at 100% however the reads fell.
        boolean complete = total > 0 && done >= total && lastReported < total;
        if (done < nextReport && !complete) {
            return;
        }
        lastReported = done;
        long step = step(total);
        // The next tenth of the file, not a tenth after wherever this read happened to end (that
        // drifted, and a last report at 98 % left the line at 100 % unprinted).
        nextReport = (done / step + 1) * step;
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        String rate = Sizes.human((long) ((done - startBytes) / seconds)) + "/s";
        if (total > 0) {
            out.printf(
                    Locale.ROOT,
                    "  %s %3d%%  %s / %s  %s%n",
                    name,
                    100 * done / total,
                    Sizes.human(done),
                    Sizes.human(total),
                    rate);
        } else {
            out.printf(Locale.ROOT, "  %s %s  %s%n", name, Sizes.human(done), rate);
        }
    }

    @Override
    public void finish(long total) {
        out.println("  " + name + " done, " + Sizes.human(total) + " verified.");
    }

    private static long step(long total) {
        return total > 0 ? Math.max(1, total / 10) : UNKNOWN_STEP;
    }
}
