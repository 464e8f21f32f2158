package io.github.resnetcourse.kernel.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

class RenderingTest {
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
}
