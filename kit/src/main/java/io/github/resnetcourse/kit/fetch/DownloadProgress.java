package io.github.resnetcourse.kit.fetch;

/** Receives progress of one download. Implementations print; they never throw. */
public interface DownloadProgress {
    /**
     * Called when the transfer starts.
     *
     * @param name the file name being written
     * @param alreadyHave bytes kept from an earlier, interrupted attempt (resume)
     * @param total the full size in bytes, or -1 when the server does not say
     */
    void start(String name, long alreadyHave, long total);

    /** Called as bytes arrive; {@code done} counts from the start of the file. */
    void update(long done, long total);

    /** Called once the file is complete and verified. */
    void finish(long total);

    /** Progress that prints nothing (tests, quiet tools). */
    static DownloadProgress silent() {
        return new DownloadProgress() {
            @Override
            public void start(String name, long alreadyHave, long total) {}

            @Override
            public void update(long done, long total) {}

            @Override
            public void finish(long total) {}
        };
    }

    /**
     * Progress printed as lines on stdout, one per 10 % (or per 10 MB when the size is unknown).
     */
    static DownloadProgress console() {
        return new ConsoleProgress(System.out);
    }
}
