package io.github.resnetcourse.kernel.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderingTest {
    @Test
    void aTablesawTableBecomesAnHtmlTableWithItsTextForm() {
        Table table =
                Table.create(
                        "models",
                        StringColumn.create("name", "ResNet18"),
                        IntColumn.create("parameters", new int[] {11_689_512}));
        DisplayData data =
                new Rendering(new io.github.spencerpark.jupyter.kernel.display.Renderer())
                        .render(table);
        String html = String.valueOf(data.getData(MIMEType.TEXT_HTML));
        assertTrue(html.contains("<caption>models</caption>"), html);
        assertTrue(html.contains("11,689,512"), html);
        assertEquals(
                io.github.resnetcourse.kit.notebook.Tables.text(table),
                data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void jsonMimeTypesTravelAsObjectsAndTextAsStrings() {
        MimeBundle bundle =
                MimeBundle.html("<div>chart</div>", "[chart]")
                        .with(
                                "application/vnd.plotly.v1+json",
                                "{\"data\":[],\"layout\":{\"height\":380}}");
        DisplayData data = Rendering.fromBundle(bundle);

        Object plotly = data.getData(MIMEType.parse("application/vnd.plotly.v1+json"));
        assertTrue(plotly instanceof JsonObject, String.valueOf(plotly));
        assertEquals(380, ((JsonObject) plotly).getAsJsonObject("layout").get("height").getAsInt());
        assertEquals("<div>chart</div>", data.getData(MIMEType.TEXT_HTML));
        assertEquals("[chart]", data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void jsonMimeTypesBecomeJsonValues() {
        DisplayData data =
                Rendering.fromBundle(
                        MimeBundle.of("application/vnd.plotly.v1+json", "{\"data\": [1]}", "c"));
        Object plotly = data.getData(MIMEType.parse("application/vnd.plotly.v1+json"));
        assertTrue(plotly instanceof JsonElement, String.valueOf(plotly));
        assertEquals(
                1,
                ((JsonElement) plotly)
                        .getAsJsonObject()
                        .get("data")
                        .getAsJsonArray()
                        .get(0)
                        .getAsInt());
        assertEquals("c", data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void invalidJsonIsLeftOutAndTheRestKept() {
        DisplayData data =
                Rendering.fromBundle(MimeBundle.of("application/json", "{oops", "plain"));
        assertNull(data.getData(MIMEType.APPLICATION_JSON));
        assertEquals("plain", data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void requestedMimeTypesKeepPlainText() {
        DisplayData data = Rendering.fromBundle(MimeBundle.html("<b>h</b>", "h"), MimeBundle.PNG);
        assertFalse(data.hasDataForType(MIMEType.TEXT_HTML));
        assertEquals("h", data.getData(MIMEType.TEXT_PLAIN));
    }
}
