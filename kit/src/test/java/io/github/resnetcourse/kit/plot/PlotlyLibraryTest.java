package io.github.resnetcourse.kit.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlotlyLibraryTest {
    private final DisplaySink original = Notebook.sink();

    @BeforeEach
    void fresh() {
        PlotlyLibrary.reset();
    }

    @AfterEach
    void restore() {
        Notebook.install(original);
        PlotlyLibrary.reset();
        Charts.setMimeTypes(ChartMimeTypes.PLOTLY_JSON_AND_SVG);
    }

    @Test
    void payloadUnpacksToTheWebJarsPlotlyJs() throws Exception {
        byte[] gz = Base64.getDecoder().decode(PlotlyLibrary.payload());
        byte[] js;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            js = in.readAllBytes();
        }
        assertArrayEquals(PlotlyLibrary.libraryBytes(), js);
        String head = new String(js, 0, 200, StandardCharsets.UTF_8);
        assertTrue(head.contains("plotly.js v" + PlotlyLibrary.VERSION), head);
        assertTrue(gz.length < js.length / 4, "gzip shrinks 10.8 MB to ~2.4 MB: " + gz.length);
    }

    @Test
    void firstChartOfASessionCarriesTheLibraryAndLiveUpdatesNeverDropIt() {
        RecordingNotebook nb = new RecordingNotebook();
        Notebook.install(nb);
        Charts.setMimeTypes(ChartMimeTypes.HTML_AND_SVG);
        nb.cell("first");
        Chart a = Charts.lines("a", "x", "y", Series.of("s", new double[] {1, 2}));
        DisplayHandle live = Charts.show(a);
        nb.cell("second");
        Charts.show(a);
        Charts.update(live, a.withTitle("a, epoch 2"));
        var shown = nb.shown();
        assertEquals(3, shown.size());
        assertTrue(shown.get(0).data().get(MimeBundle.HTML).contains(PlotlyLibrary.payload()));
        assertTrue(shown.get(1).plain().contains("a, epoch 2"), "the live chart was replaced");
        assertTrue(shown.get(0).plain().contains("plotly.js"), "the carrier is still there");
    }

    @Test
    void plotlyJsonChartsNeverCarryTheLibrary() {
        RecordingNotebook nb = new RecordingNotebook();
        Notebook.install(nb);
        nb.cell("first");
        Chart a = Charts.lines("a", "x", "y", Series.of("s", new double[] {1, 2}));
        Charts.show(a);
        Charts.show(a);
        assertEquals(2, nb.shown().size());
        for (MimeBundle b : nb.shown()) {
            assertTrue(b.data().containsKey(Plotly.MIME_TYPE));
            assertTrue(b.data().containsKey(MimeBundle.SVG));
            assertTrue(!b.data().containsKey(MimeBundle.HTML), "no plotly.js, no HTML");
        }
    }

    @Test
    void consolesGetNoCarrierOnlyTheSummaryLine() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Notebook.install(
                new DisplaySink() {
                    private final PrintStream out =
                            new PrintStream(buf, true, StandardCharsets.UTF_8);

                    @Override
                    public String display(MimeBundle bundle) {
                        out.println(bundle.plain());
                        return "1";
                    }

                    @Override
                    public void update(String id, MimeBundle bundle) {
                        out.println(bundle.plain());
                    }

                    @Override
                    public boolean updatesInPlace() {
                        return false;
                    }
                });
        Charts.show(Charts.lines("Loss", "x", "loss", Series.of("train", new double[] {2, 1.5})));
        assertEquals(
                "[chart] Loss: train (last 1.500, n=2)\n", buf.toString(StandardCharsets.UTF_8));
    }
}
