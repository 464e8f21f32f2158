package io.github.resnetcourse.kernel.eval;

/** Jupyter's answer to "should Enter run this code or start a new line?". */
public enum CodeCompleteness {
    /** The code can run. */
    COMPLETE,
    /** The code needs more lines ({@code for (int i = 0; i < 3; i++) {}). */
    INCOMPLETE,
    /** The code cannot compile however it continues ({@code }} on its own). */
    INVALID
}
