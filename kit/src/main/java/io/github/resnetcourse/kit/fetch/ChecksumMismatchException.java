package io.github.resnetcourse.kit.fetch;

import java.io.IOException;
import java.nio.file.Path;

/** A downloaded or cached file whose digest differs from the expected one; the file is gone. */
public final class ChecksumMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String actual;

    ChecksumMismatchException(Path file, String source, Checksum expected, String actual) {
        super(
                "Checksum mismatch for "
                        + file.getFileName()
                        + " from "
                        + source
                        + ": expected "
                        + expected
                        + " but got "
                        + expected.algorithm()
                        + ":"
                        + actual
                        + ". The file was deleted. Retry the download; if it fails again the"
                        + " source changed or a proxy rewrote it.");
        this.actual = actual;
    }

    /** The digest actually computed, in lower-case hex. */
    public String actual() {
        return actual;
    }
}
