package io.github.resnetcourse.kernel.eval;

import java.util.List;

/**
 * Completion candidates for the text between {@code start} and {@code end} of a cell.
 *
 * @param matches replacement texts, best first
 * @param start first character of the cell the replacement overwrites
 * @param end character after the last one the replacement overwrites (the cursor)
 */
public record CompletionOptions(List<String> matches, int start, int end) {
    /** Defensive copy. */
    public CompletionOptions {
        matches = List.copyOf(matches);
    }
}
