package io.github.resnetcourse.kit.notebook;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables as notebook output: an HTML table and an aligned plain-text form, both with
 * numbers right-aligned and written with thousands separators (11,689,512) and text left-aligned
 * (JupyterLab right-aligns every cell unless told otherwise). The kernel uses it for a cell whose
 * value is a {@link Table}, so {@code ModelCatalog.table(env)} as a cell's last line shows a real
 * table.
 */
public final class Tables {
    private static final String LEFT = "<td style=\"text-align:left\">";
    private static final String RIGHT = "<td style=\"text-align:right\">";
    private static final String LEFT_HEADER = "<th style=\"text-align:left\">";
    private static final String RIGHT_HEADER = "<th style=\"text-align:right\">";

    private Tables() {}

    /** Shows {@code table} as a new output. */
    public static DisplayHandle show(Table table) {
        return Notebook.show(bundle(table));
    }

    /** {@code table} as HTML plus plain text. */
    public static MimeBundle bundle(Table table) {
        return MimeBundle.html(html(table), text(table));
    }

    /** {@code table} as aligned plain text: its name, the header, a rule, one line per row. */
    public static String text(Table table) {
        int n = table.columnCount();
        int[] widths = new int[n];
        String[][] cells = new String[table.rowCount()][n];
        for (int c = 0; c < n; c++) {
            Column<?> column = table.column(c);
            widths[c] = column.name().length();
            for (int r = 0; r < table.rowCount(); r++) {
                cells[r][c] = cell(column, r);
                widths[c] = Math.max(widths[c], cells[r][c].length());
            }
        }
        StringBuilder sb = new StringBuilder(table.name()).append('\n');
        appendRow(sb, table, widths, c -> table.column(c).name());
        for (int c = 0; c < n; c++) {
            sb.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        sb.append('\n');
        for (String[] row : cells) {
            appendRow(sb, table, widths, c -> row[c]);
        }
        return sb.toString().stripTrailing();
    }

    private static void appendRow(
            StringBuilder sb,
            Table table,
            int[] widths,
            java.util.function.IntFunction<String> text) {
        for (int c = 0; c < widths.length; c++) {
            String t = text.apply(c);
            String pad = " ".repeat(widths[c] - t.length());
            sb.append(c == 0 ? "" : "  ").append(isNumeric(table.column(c)) ? pad + t : t + pad);
        }
        sb.setLength(sb.toString().stripTrailing().length());
        sb.append('\n');
    }

    /**
     * One cell as shown: whole numbers with thousands separators, other numbers with four
     * significant digits (separators from 1,000 on), missing values empty, text as it is.
     */
    static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        if (!isNumeric(column)) {
            return column.getString(row);
        }
        double v = ((tech.tablesaw.api.NumericColumn<?>) column).getDouble(row);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(java.util.Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 1000) {
            return String.format(java.util.Locale.ROOT, "%,.1f", v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.4g", v);
        return s.contains(".") && !s.contains("e")
                ? s.replaceAll("0+$", "").replaceAll("\\.$", "")
                : s;
    }

    /** {@code table} as an HTML {@code <table>} with its name as caption; cell text is escaped. */
    public static String html(Table table) {
        StringBuilder sb = new StringBuilder("<table>\n<caption>");
        sb.append(escape(table.name())).append("</caption>\n<thead><tr>");
        for (Column<?> column : table.columns()) {
            sb.append(isNumeric(column) ? RIGHT_HEADER : LEFT_HEADER)
                    .append(escape(column.name()))
                    .append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rowCount(); r++) {
            sb.append("<tr>");
            for (Column<?> column : table.columns()) {
                sb.append(isNumeric(column) ? RIGHT : LEFT)
                        .append(escape(cell(column, r)))
                        .append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
    }

    private static boolean isNumeric(Column<?> column) {
        ColumnType t = column.type();
        return t.equals(ColumnType.LONG)
                || t.equals(ColumnType.INTEGER)
                || t.equals(ColumnType.SHORT)
                || t.equals(ColumnType.DOUBLE)
                || t.equals(ColumnType.FLOAT);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
