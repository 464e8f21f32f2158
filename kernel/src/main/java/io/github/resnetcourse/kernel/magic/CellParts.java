package io.github.resnetcourse.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cell cut into Java code and line magics, in the order they appear, so {@code %jars} on line 3
 * takes effect before the code on line 4 compiles (as in IJava).
 */
public final class CellParts {
    /** A run of Java lines, or one magic. Exactly one of {@code code} and {@code magic} is set. */
    public record Part(String code, MagicLine magic, int firstLine) {
        /** Whether this part is a magic. */
        public boolean isMagic() {
            return magic != null;
        }
    }

    private CellParts() {}

    /** Splits {@code cell}; blank code runs are dropped. Line numbers start at 1. */
    public static List<Part> split(String cell) {
        List<Part> parts = new ArrayList<>();
        List<String> code = new ArrayList<>();
        int codeStart = 1;
        String[] lines = cell.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Optional<MagicLine> magic = MagicLine.parse(lines[i]);
            if (magic.isPresent()) {
                addCode(parts, code, codeStart);
                parts.add(new Part(null, magic.get(), i + 1));
                codeStart = i + 2;
            } else {
                code.add(lines[i]);
            }
        }
        addCode(parts, code, codeStart);
        return parts;
    }

    private static void addCode(List<Part> parts, List<String> code, int firstLine) {
        String text = String.join("\n", code);
        if (!text.isBlank()) {
            parts.add(new Part(text, null, firstLine));
        }
        code.clear();
    }

    /**
     * The code of {@code part} preceded by as many empty lines as come before it in the cell, so
     * that compiler messages give the line number the user sees.
     */
    public static String codeAtCellLines(Part part) {
        return "\n".repeat(part.firstLine() - 1) + part.code();
    }
}
