package io.github.resnetcourse.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Cuts a cell into the snippets JShell evaluates one at a time, remembering where each starts in
 * the cell so completion and error positions map back to what the user typed.
 */
final class SnippetSplitter {
    /** One snippet: JShell's source for it and its span in the cell. */
    record Piece(String source, int start, int end, Completeness completeness) {}

    private final SourceCodeAnalysis analysis;

    SnippetSplitter(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * The snippets of {@code code}, in order. An incomplete or unparsable tail becomes one last
     * piece holding all the rest, so compiling it reports the error.
     */
    List<Piece> split(String code) {
        List<Piece> pieces = new ArrayList<>();
        String remaining = code;
        while (!remaining.isBlank()) {
            int start = code.length() - remaining.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                break;
            }
            if (!c.isComplete() || c == Completeness.UNKNOWN) {
                pieces.add(new Piece(remaining, start, code.length(), c));
                break;
            }
            String rest = info.remaining();
            int end = code.length() - rest.length();
            pieces.add(new Piece(info.source(), start, end, c));
            if (rest.length() >= remaining.length()) {
                break; // no progress: never loop forever on odd input
            }
            remaining = rest;
        }
        return pieces;
    }
}
