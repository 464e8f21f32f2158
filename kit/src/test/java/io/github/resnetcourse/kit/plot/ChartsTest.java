package io.github.resnetcourse.kit.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.examples.ChartExamples;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ChartsTest {
    private static String title(JsonObject layout, String axis) {
        return layout.getAsJsonObject(axis).getAsJsonObject("title").get("text").getAsString();
    }

    @Test
    void epochLossHasTrainAndValidTracesTitledAxesAndAStageBoundaryBetweenEpochs() {
        Table h = ChartExamples.epochs("run", 8, 3, 0.5, 1);
        JsonObject f = Charts.loss(h).toJson();
        JsonArray data = f.getAsJsonArray("data");
        assertEquals(List.of("train", "valid"), Charts.loss(h).traceNames());
        assertEquals(8, data.get(0).getAsJsonObject().getAsJsonArray("x").size());
        assertEquals(1.0, data.get(0).getAsJsonObject().getAsJsonArray("x").get(0).getAsDouble());
        JsonObject layout = f.getAsJsonObject("layout");
        assertEquals("epoch", title(layout, "xaxis"));
        assertEquals("loss", title(layout, "yaxis"));
        JsonArray shapes = layout.getAsJsonArray("shapes");
        assertEquals(1, shapes.size(), "one boundary: frozen -> unfrozen");
        JsonObject line = shapes.get(0).getAsJsonObject();
        assertEquals("line", line.get("type").getAsString());
        assertEquals(3.5, line.get("x0").getAsDouble());
        assertEquals(3.5, line.get("x1").getAsDouble());
        assertEquals("y domain", line.get("yref").getAsString());
        List<String> labels = new ArrayList<>();
        layout.getAsJsonArray("annotations")
                .forEach(a -> labels.add(a.getAsJsonObject().get("text").getAsString().trim()));
        assertEquals(List.of("frozen", "unfrozen"), labels);
    }

    @Test
    void learningRateIsOnALogAxis() {
        Chart lr = Charts.learningRate(ChartExamples.epochs("run", 30, 20, 0.4, 2));
        JsonObject y = lr.toJson().getAsJsonObject("layout").getAsJsonObject("yaxis");
        assertEquals("log", y.get("type").getAsString());
        assertEquals("learning rate", y.getAsJsonObject("title").get("text").getAsString());
        assertEquals(
                "linear",
                Charts.lines("t", "x", "y", Series.of("s", new double[] {1}))
                        .toJson()
                        .getAsJsonObject("layout")
                        .getAsJsonObject("yaxis")
                        .get("type")
                        .getAsString());
    }

    @Test
    void learningRateIsAStepLineConstantWithinEachEpoch() {
        Table epochs = ChartExamples.epochs("run", 6, 3, 0.4, 2);
        double[] rates = Series.column(epochs, MetricColumns.LEARNING_RATE);
        JsonObject trace =
                Charts.learningRate(epochs)
                        .toJson()
                        .getAsJsonArray("data")
                        .get(0)
                        .getAsJsonObject();
        assertEquals("hv", trace.getAsJsonObject("line").get("shape").getAsString());
        var x = trace.getAsJsonArray("x");
        var y = trace.getAsJsonArray("y");
        assertEquals(rates.length + 1, x.size(), "one step per epoch and the end of the last");
        for (int i = 0; i < rates.length; i++) {
            // epoch i+1 runs from i+0.5 to i+1.5 at its own rate
            assertEquals(i + 0.5, x.get(i).getAsDouble(), 1e-6);
            assertEquals(rates[i], y.get(i).getAsDouble(), Math.abs(rates[i]) * 1e-6);
        }
        assertEquals(rates.length + 0.5, x.get(rates.length).getAsDouble(), 1e-6);
    }

    @Test
    void compareOverlaysOneTracePerRunInOrder() {
        var runs = new java.util.LinkedHashMap<String, Table>();
        runs.put("ResNet18", ChartExamples.epochs("a", 12, 5, 0.4, 3));
        runs.put("AlexNet", ChartExamples.epochs("b", 20, 5, 0.7, 4));
        Chart c =
                Charts.compare(
                        "Test accuracy", "test accuracy", MetricColumns.VALID_ACCURACY, runs);
        assertEquals(List.of("ResNet18", "AlexNet"), c.traceNames());
        JsonArray data = c.toJson().getAsJsonArray("data");
        assertEquals(12, data.get(0).getAsJsonObject().getAsJsonArray("y").size());
        assertEquals(20, data.get(1).getAsJsonObject().getAsJsonArray("y").size());
    }

    @Test
    void confusionMatrixIsAHeatMapWithClassNamesAndCounts() {
        long[][] cm = {{5, 1}, {2, 7}};
        JsonObject f = Charts.confusionMatrix(cm, List.of("cat", "dog")).toJson();
        JsonObject t = f.getAsJsonArray("data").get(0).getAsJsonObject();
        assertEquals("heatmap", t.get("type").getAsString());
        assertEquals("[\"cat\",\"dog\"]", t.get("x").toString());
        assertEquals("[[5.0,1.0],[2.0,7.0]]", t.get("z").toString());
        assertEquals("%{z}", t.get("texttemplate").getAsString());
        JsonObject layout = f.getAsJsonObject("layout");
        assertEquals("predicted", title(layout, "xaxis"));
        assertEquals("true", title(layout, "yaxis"));
        assertEquals("reversed", layout.getAsJsonObject("yaxis").get("autorange").getAsString());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Charts.confusionMatrix(cm, List.of("cat", "dog", "bird")));
        assertTrue(e.getMessage().contains("2 rows but 3 class names"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Charts.confusionMatrix(cm, List.of("cat", "cat")));
        assertTrue(e.getMessage().contains("'cat' appears twice"), e.getMessage());
    }

    @Test
    void barsAreGroupedPerCategory() {
        Chart c =
                Charts.bars(
                        "ratio",
                        "block",
                        "ratio",
                        List.of("layer1.0", "layer1.1"),
                        new BarGroup("pretrained", new double[] {0.3, 0.2}),
                        new BarGroup("random", new double[] {0.9, 1.0}));
        JsonObject f = c.toJson();
        assertEquals("group", f.getAsJsonObject("layout").get("barmode").getAsString());
        assertEquals(List.of("pretrained", "random"), c.traceNames());
        assertEquals(
                "bar", f.getAsJsonArray("data").get(1).getAsJsonObject().get("type").getAsString());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Charts.bars(
                                        "r",
                                        "b",
                                        "r",
                                        List.of("a"),
                                        new BarGroup("g", new double[] {1, 2})));
        assertTrue(e.getMessage().contains("'g' has 2 values for 1 categories"), e.getMessage());
    }

    @Test
    void gridGivesEachChartItsOwnAxesAndMovesItsShapesWithIt() {
        Chart d =
                Charts.dashboard(
                        ChartExamples.epochs("run", 8, 3, 0.5, 5),
                        new long[][] {{1, 0}, {0, 1}},
                        List.of("a", "b"));
        JsonObject f = d.toJson();
        JsonObject layout = f.getAsJsonObject("layout");
        for (String axis : List.of("xaxis", "xaxis2", "xaxis3", "xaxis4", "yaxis4")) {
            assertTrue(layout.has(axis), axis);
        }
        assertEquals("log", layout.getAsJsonObject("yaxis3").get("type").getAsString());
        assertEquals("predicted", title(layout, "xaxis4"));
        JsonArray data = f.getAsJsonArray("data");
        JsonObject heat = data.get(data.size() - 1).getAsJsonObject();
        assertEquals("x4", heat.get("xaxis").getAsString());
        assertEquals("y4", heat.get("yaxis").getAsString());
        // the stage line of the accuracy chart (second cell) now refers to that cell's axes
        boolean found = false;
        for (var s : layout.getAsJsonArray("shapes")) {
            JsonObject o = s.getAsJsonObject();
            found |=
                    "x2".equals(o.get("xref").getAsString())
                            && "y2 domain".equals(o.get("yref").getAsString());
        }
        assertTrue(found, "shape moved to x2 / y2 domain");
        // "train" appears in three cells but once in the legend
        long shownTrain = 0;
        for (var t : data) {
            JsonObject o = t.getAsJsonObject();
            if (o.has("name")
                    && "train".equals(o.get("name").getAsString())
                    && o.get("showlegend").getAsBoolean()) {
                shownTrain++;
            }
        }
        assertEquals(1, shownTrain);
        JsonArray x1 = layout.getAsJsonObject("xaxis").getAsJsonArray("domain");
        JsonArray x2 = layout.getAsJsonObject("xaxis2").getAsJsonArray("domain");
        assertTrue(x1.get(1).getAsDouble() < x2.get(0).getAsDouble(), "cells do not overlap");
    }

    @Test
    void featureMapsAreSquarePixelHeatMapsWithTitles() {
        double[][] m = {{0, 1}, {2, 3}};
        Chart c =
                Charts.featureMaps("block", List.of("x", "F(x)", "x + F(x)"), List.of(m, m, m), 3);
        JsonObject layout = c.toJson().getAsJsonObject("layout");
        assertEquals("x3", layout.getAsJsonObject("yaxis3").get("scaleanchor").getAsString());
        List<String> texts = new ArrayList<>();
        layout.getAsJsonArray("annotations")
                .forEach(a -> texts.add(a.getAsJsonObject().get("text").getAsString()));
        assertEquals(List.of("<b>x</b>", "<b>F(x)</b>", "<b>x + F(x)</b>"), texts);
    }

    @Test
    void seriesAveragesLongRunsAndKeepsGapsAsNull() {
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            y[i] = i;
        }
        Series s = Series.of("loss", y).averagedTo(5);
        assertArrayEquals(new double[] {0.5, 2.5, 4.5, 6.5, 8.5}, s.y(), 1e-12);
        assertArrayEquals(new double[] {1.5, 3.5, 5.5, 7.5, 9.5}, s.x(), 1e-12);
        Chart c = Charts.lines("t", "x", "y", Series.of("v", new double[] {1, Double.NaN, 3}));
        assertEquals(
                "[1.0,null,3.0]",
                c.toJson().getAsJsonArray("data").get(0).getAsJsonObject().get("y").toString());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Series.fromTable(
                                        "x",
                                        ChartExamples.epochs("run", 2, 0, 0.5, 1),
                                        "epoch",
                                        "acc"));
        assertTrue(e.getMessage().contains("no column 'acc'"), e.getMessage());
    }

    @Test
    void bundleIsPlotlyJsonStaticSvgAndTextByDefaultWithoutPlotlyJs() {
        Chart c = Charts.iterationLoss(ChartExamples.batches(2, 50, 1));
        MimeBundle b = c.toBundle();
        assertEquals(
                java.util.Set.of(Plotly.MIME_TYPE, MimeBundle.SVG, MimeBundle.TEXT),
                b.data().keySet());
        JsonObject mime = JsonParser.parseString(b.data().get(Plotly.MIME_TYPE)).getAsJsonObject();
        assertEquals(c.toJson().get("data").toString(), mime.get("data").toString());
        assertTrue(mime.getAsJsonObject("config").get("responsive").getAsBoolean());
        assertTrue(b.data().get(MimeBundle.SVG).contains(">iteration</text>"));
        assertTrue(
                b.plain().startsWith("[chart] Training loss per iteration: train loss (last"),
                b.plain());
        int size = b.data().values().stream().mapToInt(String::length).sum();
        assertTrue(size < 60_000, "a 100-batch chart weighs kilobytes, not megabytes: " + size);
    }

    @Test
    void htmlModeDrawsWithTheKitsPlotlyJsAndKeepsTheSvg() {
        Chart c = Charts.iterationLoss(ChartExamples.batches(2, 50, 1));
        Charts.setMimeTypes(ChartMimeTypes.HTML_AND_SVG);
        MimeBundle b;
        try {
            b = c.toBundle();
        } finally {
            Charts.setMimeTypes(ChartMimeTypes.PLOTLY_JSON_AND_SVG);
        }
        assertEquals(
                java.util.Set.of(MimeBundle.HTML, MimeBundle.SVG, MimeBundle.TEXT),
                b.data().keySet());
        String html = b.data().get(MimeBundle.HTML);
        assertTrue(html.contains("window.Plotly.newPlot"));
        assertFalse(html.contains("</script><"), "figure JSON cannot close the script early");
    }

    @Test
    void htmlEscapesFigureTextSoItCannotEndTheScript() {
        Chart c = Charts.lines("</script><b>x", "x", "y", Series.of("a", new double[] {1}));
        String html = ChartOutput.html(c);
        assertEquals(1, html.split("</script>", -1).length - 1, "only the closing tag itself");
    }
}
