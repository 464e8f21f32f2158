package io.github.resnetcourse.kit.data;

import java.io.IOException;

/** A dataset that is not on disk; the message names the path, the fetch command and its size. */
public final class DatasetMissingException extends IOException {
    private static final long serialVersionUID = 1L;

    DatasetMissingException(String message) {
        super(message);
    }
}
