package io.github.resnetcourse.kernel.eval;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Evaluates cells with an in-process JShell: splits a cell into snippets, runs them in order, stops
 * at the first failure, and returns the last expression's value as a real object.
 */
public final class JShellEvaluator implements AutoCloseable {
    private final JShell shell;
    private final CellExecutionControl control;
    private final SourceCodeAnalysis analysis;
    private final SnippetSplitter splitter;
    private final Set<String> classpath = new LinkedHashSet<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private JShellEvaluator(JShell shell, CellExecutionControl control) {
        this.shell = shell;
        this.control = control;
        this.analysis = shell.sourceCodeAnalysis();
        this.splitter = new SnippetSplitter(analysis);
    }

    /**
     * Starts JShell. Its compiler sees the JVM's class path ({@code java.class.path}, so the JVM
     * must not hide it in a manifest-only jar) plus {@code compilerOptions}; snippets load their
     * classes through a loader whose parent is the application class loader, so the kit and the
     * kernel's runtime are visible without magic.
     */
    public static JShellEvaluator start(
            CellExecutionControl control, List<String> compilerOptions) {
        JShell shell =
                JShell.builder()
                        .executionEngine(control.provider(), java.util.Map.of())
                        .compilerOptions(compilerOptions.toArray(String[]::new))
                        .build();
        JShellEvaluator evaluator = new JShellEvaluator(shell, control);
        return evaluator;
    }

    /** Starts a new cell: forgets an interrupt aimed at the previous one. */
    public void beginCell() {
        cancelled.set(false);
        control.takeStopRequested();
    }

    /** Whether the running cell was interrupted. */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Runs {@code code} and returns its value.
     *
     * @throws CellException when a snippet does not compile, throws, or is interrupted; the
     *     snippets before it keep their effects
     */
    public CellValue eval(String code) throws CellException {
        CellValue value = CellValue.none();
        List<SnippetSplitter.Piece> pieces = splitter.split(code);
        for (int i = 0; i < pieces.size(); i++) {
            if (cancelled.get()) {
                throw interruptedError();
            }
            value = evalPiece(code, pieces.get(i), i == pieces.size() - 1);
        }
        return value;
    }

    private CellValue evalPiece(String code, SnippetSplitter.Piece piece, boolean last)
            throws CellException {
        List<SnippetEvent> events = shell.eval(piece.source());
        if (control.takeStopRequested() || cancelled.get()) {
            throw interruptedError();
        }
        CellValue value = CellValue.none();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // an update of an earlier snippet this one caused
            }
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                throw compileError(code, piece, snippet);
            }
            if (event.exception() != null) {
                throw runtimeError(event.exception());
            }
            if (last && producesValue(snippet)) {
                value = CellValue.of(control.lastValue());
            }
        }
        return value;
    }

    private static boolean producesValue(Snippet snippet) {
        switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND:
            case VAR_VALUE_SUBKIND:
            case ASSIGNMENT_SUBKIND:
                return true;
            default:
                return false;
        }
    }

    private CellException compileError(String code, SnippetSplitter.Piece piece, Snippet snippet) {
        List<Diag> diags = shell.diagnostics(snippet).collect(Collectors.toList());
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = message;
            }
            long pos = d.getPosition() < 0 ? 0 : d.getPosition();
            int at = (int) Math.min(code.length(), piece.start() + pos);
            int lineStart = code.lastIndexOf('\n', at - 1) + 1;
            int lineEnd = code.indexOf('\n', at);
            if (lineEnd < 0) {
                lineEnd = code.length();
            }
            int lineNumber =
                    (int) code.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
            lines.add("Line " + lineNumber + ": " + message);
            lines.add("    " + code.substring(lineStart, lineEnd));
            lines.add("    " + " ".repeat(Math.max(0, at - lineStart)) + "^");
        }
        if (first == null) {
            // Rejected without an error diagnostic: an unresolved dependency of a declaration.
            first =
                    "cannot be used until "
                            + shell.unresolvedDependencies(
                                            snippet instanceof jdk.jshell.DeclarationSnippet ds
                                                    ? ds
                                                    : null)
                                    .collect(Collectors.joining(", "))
                            + " is declared";
            lines.add(first);
        }
        return new CellException("CompilationException", first, lines);
    }

    private CellException runtimeError(jdk.jshell.JShellException jshellException) {
        Throwable real = control.lastFailure();
        if (real != null) {
            return new CellException(
                    real.getClass().getName(), String.valueOf(real.getMessage()), trace(real));
        }
        if (jshellException instanceof UnresolvedReferenceException unresolved) {
            String missing =
                    shell.unresolvedDependencies(unresolved.getSnippet())
                            .collect(Collectors.joining(", "));
            String message =
                    "'"
                            + unresolved.getSnippet().name()
                            + "' cannot be used until "
                            + missing
                            + " is declared";
            return new CellException("UnresolvedReferenceException", message, List.of(message));
        }
        String name =
                jshellException instanceof EvalException e
                        ? e.getExceptionClassName()
                        : jshellException.getClass().getName();
        return new CellException(
                name, String.valueOf(jshellException.getMessage()), trace(jshellException));
    }

    /** The stack trace down to the cell's own code, without the kernel's frames below it. */
    public static List<String> trace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        List<String> lines = new ArrayList<>();
        boolean inCell = false;
        for (String line : text.toString().split("\\R")) {
            String stripped = line.strip();
            boolean frame = stripped.startsWith("at ");
            boolean cellFrame = frame && stripped.startsWith("at REPL.");
            if (frame && inCell && !cellFrame) {
                continue; // below the cell: reflection and the kernel
            }
            if (!frame) {
                inCell = false; // a "Caused by:" starts a new trace
            }
            if (cellFrame) {
                inCell = true;
            }
            lines.add(line);
        }
        return lines;
    }

    /** The error a cell ends with when it is interrupted. */
    public static CellException interruptedError() {
        String message = "The cell was interrupted";
        return new CellException("Interrupted", message, List.of(message));
    }

    /** Makes compiled code and loaded classes see {@code path} (a jar or a class folder). */
    public boolean addToClasspath(Path path) {
        String entry = path.toAbsolutePath().normalize().toString();
        if (!classpath.add(entry)) {
            return false;
        }
        shell.addToClasspath(entry);
        return true;
    }

    /** Entries added at run time, in order. */
    public List<String> addedClasspath() {
        return List.copyOf(classpath);
    }

    /**
     * Stops the running cell: the running snippet is interrupted (and killed after a grace period)
     * and the cell's later snippets do not run.
     */
    public void interrupt() {
        cancelled.set(true);
        control.interrupt();
    }

    /** Completion candidates at {@code cursor}. */
    public CompletionOptions complete(String code, int cursor) {
        SnippetSplitter.Piece piece = pieceAt(code, cursor);
        if (piece == null) {
            return new CompletionOptions(List.of(), cursor, cursor);
        }
        String text = code.substring(piece.start(), cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(text, text.length(), anchor);
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream()
                .filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new CompletionOptions(List.copyOf(matches), piece.start() + anchor[0], cursor);
    }

    /**
     * Documentation for the code at {@code cursor}: signatures and, where the JDK's sources are
     * installed, Javadoc. Empty when nothing is known there.
     */
    public String inspect(String code, int cursor) {
        SnippetSplitter.Piece piece = pieceAt(code, cursor);
        if (piece == null) {
            return "";
        }
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++; // inspecting inside a name means the whole name
        }
        String text = code.substring(piece.start(), end);
        List<SourceCodeAnalysis.Documentation> docs =
                analysis.documentation(text, text.length(), true);
        if (docs.isEmpty()) {
            docs = analysis.documentation(text + "(", text.length() + 1, true);
        }
        if (docs.isEmpty()) {
            String type = analysis.analyzeType(text, text.length());
            return type == null || type.isBlank() ? "" : type;
        }
        StringBuilder out = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                out.append('\n').append(d.javadoc());
            }
        }
        return out.toString();
    }

    /** Whether {@code code} can run as it is (Jupyter's {@code is_complete}). */
    public CodeCompleteness completeness(String code) {
        String remaining = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case EMPTY:
                    return CodeCompleteness.COMPLETE;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return CodeCompleteness.INCOMPLETE;
                case UNKNOWN:
                    // JShell's UNKNOWN claims to be complete; it is code no continuation fixes.
                    return CodeCompleteness.INVALID;
                default:
                    if (info.remaining().isBlank()
                            || info.remaining().length() >= remaining.length()) {
                        return CodeCompleteness.COMPLETE;
                    }
                    remaining = info.remaining();
            }
        }
    }

    private SnippetSplitter.Piece pieceAt(String code, int cursor) {
        SnippetSplitter.Piece found = null;
        for (SnippetSplitter.Piece p : splitter.split(code)) {
            if (p.start() <= cursor) {
                found = p;
            }
        }
        if (found != null && found.end() < cursor) {
            // The cursor sits after the last complete snippet: complete from there.
            int start = found.end();
            found =
                    new SnippetSplitter.Piece(
                            code.substring(start), start, code.length(), found.completeness());
        }
        return found;
    }

    @Override
    public void close() {
        shell.close();
    }
}
