package io.github.resnetcourse.kit.notebook;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables as notebook output: an HTML table (numbers right-aligned) with tablesaw's own
 * text form as the plain-text fallback. The kernel uses it for a cell whose value is a {@link
 * Table}, so {@code ModelCatalog.table(env)} as a cell's last line shows a real table.
 */
public final class Tables {
    private Tables() {}

    /** Shows {@code table} as a new output. */
    public static DisplayHandle show(Table table) {
        return Notebook.show(bundle(table));
    }

    /** {@code table} as HTML plus plain text. */
    public static MimeBundle bundle(Table table) {
        return MimeBundle.html(html(table), table.printAll());
    }

    /** {@code table} as an HTML {@code <table>} with its name as caption; cell text is escaped. */
    public static String html(Table table) {
        StringBuilder sb = new StringBuilder("<table>\n<caption>");
        sb.append(escape(table.name())).append("</caption>\n<thead><tr>");
        for (String name : table.columnNames()) {
            sb.append("<th>").append(escape(name)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rowCount(); r++) {
            sb.append("<tr>");
            for (Column<?> column : table.columns()) {
                sb.append(isNumeric(column) ? "<td style=\"text-align:right\">" : "<td>")
                        .append(escape(column.getString(r)))
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
