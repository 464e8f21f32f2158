package io.github.resnetcourse.kit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
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
    void htmlLeftAlignsTextAndRightAlignsNumbersWithThousandsSeparators() {
        String html = Tables.html(models());
        assertTrue(html.contains("<caption>models</caption>"), html);
        assertTrue(
                html.contains(
                        "<th style=\"text-align:left\">name</th>"
                                + "<th style=\"text-align:right\">parameters</th>"),
                html);
        assertTrue(
                html.contains(
                        "<td style=\"text-align:left\">ResNet18</td>"
                                + "<td style=\"text-align:right\">11,689,512</td>"),
                html);
    }

    @Test
    void numbersAreWrittenForReading() {
        Table t =
                Table.create(
                        "t",
                        DoubleColumn.create(
                                "x", 11_689_512.0, 0.81234567, 1234.567, Double.NaN, 0.5));
        assertEquals("11,689,512", Tables.cell(t.column(0), 0));
        assertEquals("0.8123", Tables.cell(t.column(0), 1));
        assertEquals("1,234.6", Tables.cell(t.column(0), 2));
        assertEquals("", Tables.cell(t.column(0), 3));
        assertEquals("0.5", Tables.cell(t.column(0), 4));
    }

    @Test
    void cellTextIsEscaped() {
        String html = Tables.html(models());
        assertTrue(html.contains("&lt;script&gt;"), html);
        assertTrue(!html.contains("<script>"), html);
    }

    @Test
    void bundleCarriesHtmlAndAlignedText() {
        MimeBundle b = Tables.bundle(models());
        assertEquals(
                String.join(
                        "\n",
                        "models",
                        "name      parameters",
                        "--------  ----------",
                        "ResNet18  11,689,512",
                        "<script>           0"),
                b.plain());
        assertTrue(b.data().get(MimeBundle.HTML).startsWith("<table>"));
    }
}
