package io.github.resnetcourse.kit.models;

import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import tech.tablesaw.api.Table;

/** Shows a tablesaw table in the notebook: an HTML table, with tablesaw's text form as fallback. */
final class TableDisplay {
    private TableDisplay() {}

    static DisplayHandle show(Table table) {
        return Notebook.show(MimeBundle.html(html(table), table.printAll()));
    }

    static String html(Table table) {
        StringBuilder sb = new StringBuilder("<table>\n<caption>");
        sb.append(escape(table.name())).append("</caption>\n<thead><tr>");
        for (String name : table.columnNames()) {
            sb.append("<th>").append(escape(name)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rowCount(); r++) {
            sb.append("<tr>");
            for (int c = 0; c < table.columnCount(); c++) {
                boolean numeric = table.column(c).type().equals(tech.tablesaw.api.ColumnType.LONG);
                sb.append(numeric ? "<td style=\"text-align:right\">" : "<td>")
                        .append(escape(table.column(c).getString(r)))
                        .append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
