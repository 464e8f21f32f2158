package io.github.resnetcourse.kernel.eval;

import java.util.List;

/**
 * A cell that failed: it did not compile, threw, or was interrupted. Carries what Jupyter's error
 * message needs: a name, a message and the traceback lines.
 */
public class CellException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final List<String> traceback;

    /**
     * Creates the failure.
     *
     * @param errorName Jupyter's {@code ename}, e.g. {@code CompilationException} or the class name
     *     of the exception the cell threw
     * @param message Jupyter's {@code evalue}
     * @param traceback the lines shown under the cell
     */
    public CellException(String errorName, String message, List<String> traceback) {
        super(message);
        this.errorName = errorName;
        this.traceback = List.copyOf(traceback);
    }

    /** Jupyter's {@code ename}. */
    public String errorName() {
        return errorName;
    }

    /** The lines shown under the cell. */
    public List<String> traceback() {
        return traceback;
    }
}
