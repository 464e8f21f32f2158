package io.github.resnetcourse.kit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesTest {
    private static Table models() {
        return Table.create(
                "models",
                StringColumn.create("name", "ResNet18", "<script>"),
                IntColumn.create("parameters", 11_689_512, 0));
    }

    @Test
    void htmlHasCaptionHeaderAndRightAlignedNumbers() {
        String html = Tables.html(models());
        assertTrue(html.contains("<caption>models</caption>"), html);
        assertTrue(html.contains("<th>name</th><th>parameters</th>"), html);
        assertTrue(
                html.contains("<td>ResNet18</td><td style=\"text-align:right\">11689512</td>"),
                html);
    }

    @Test
    void cellTextIsEscaped() {
        String html = Tables.html(models());
        assertTrue(html.contains("&lt;script&gt;"), html);
        assertTrue(!html.contains("<script>"), html);
    }

    @Test
    void bundleCarriesHtmlAndTablesawsTextForm() {
        MimeBundle b = Tables.bundle(models());
        assertEquals(models().printAll(), b.plain());
        assertTrue(b.data().get(MimeBundle.HTML).startsWith("<table>"));
    }
}
