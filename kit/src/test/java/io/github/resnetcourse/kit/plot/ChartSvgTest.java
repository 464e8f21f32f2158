package io.github.resnetcourse.kit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.examples.ChartExamples;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ChartSvgTest {
    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document d, String cls) {
        List<String> out = new ArrayList<>();
        NodeList n = d.getElementsByTagName("text");
        for (int i = 0; i < n.getLength(); i++) {
            Element e = (Element) n.item(i);
            if (cls.equals(e.getAttribute("class"))) {
                out.add(e.getTextContent());
            }
        }
        return out;
    }

    @Test
    void lineChartIsWellFormedSvgWithTitleAxisTitlesOnePathPerSeriesAndALegend() throws Exception {
        Chart c =
                Charts.lines(
                        "Loss <per> epoch",
                        "epoch",
                        "loss",
                        Series.of("train", new double[] {2, 1.5, 1.2}),
                        Series.of("valid", new double[] {2.1, 1.7, 1.6}));
        Document d = parse(ChartSvg.render(c.toJson()));
        assertEquals("svg", d.getDocumentElement().getTagName());
        assertEquals(List.of("Loss <per> epoch"), texts(d, "gtitle"));
        assertEquals(List.of("epoch"), texts(d, "xtitle"));
        assertEquals(List.of("loss"), texts(d, "ytitle"));
        assertEquals(List.of("train", "valid"), texts(d, "legendtext"));
        NodeList paths = d.getElementsByTagName("path");
        assertEquals(2, paths.getLength());
        assertEquals("#1f77b4", ((Element) paths.item(0)).getAttribute("stroke"));
    }

    @Test
    void higherValuesAreDrawnHigherAndNaNLeavesAGap() throws Exception {
        Chart c =
                Charts.lines("t", "x", "y", Series.of("a", new double[] {0, 1, Double.NaN, 3, 4}));
        String d =
                ((Element) parse(ChartSvg.render(c.toJson())).getElementsByTagName("path").item(0))
                        .getAttribute("d");
        assertEquals(2, d.split("M", -1).length - 1, "two runs around the gap: " + d);
        Matcher m = Pattern.compile("[ML]([\\d.]+),([\\d.]+)").matcher(d);
        List<Double> ys = new ArrayList<>();
        while (m.find()) {
            ys.add(Double.parseDouble(m.group(2)));
        }
        assertEquals(4, ys.size());
        for (int i = 1; i < ys.size(); i++) {
            assertTrue(ys.get(i) < ys.get(i - 1), "SVG y grows downwards: " + ys);
        }
    }

    @Test
    void stepLinesHoldTheirValueUntilTheNextPoint() throws Exception {
        Chart c = Charts.learningRate(ChartExamples.epochs("run", 4, 2, 0.5, 1));
        String d =
                ((Element) parse(ChartSvg.render(c.toJson())).getElementsByTagName("path").item(0))
                        .getAttribute("d");
        Matcher m = Pattern.compile("[ML]([\\d.]+),([\\d.]+)").matcher(d);
        List<double[]> pts = new ArrayList<>();
        while (m.find()) {
            pts.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        for (int i = 1; i < pts.size(); i++) {
            boolean horizontal = pts.get(i)[1] == pts.get(i - 1)[1];
            boolean vertical = pts.get(i)[0] == pts.get(i - 1)[0];
            assertTrue(horizontal || vertical, "no diagonal segments in a step line: " + d);
        }
    }

    @Test
    void logAxisTicksArePowersOfTen() throws Exception {
        Chart c =
                Charts.lines(
                        "lr",
                        "epoch",
                        "learning rate",
                        AxisScale.LOG,
                        List.of(Series.of("lr", new double[] {1e-1, 1e-3, 1e-5})));
        List<String> ticks = texts(parse(ChartSvg.render(c.toJson())), "ytick");
        assertTrue(ticks.containsAll(List.of("10^-5", "10^-3", "10^-1")), ticks.toString());
    }

    @Test
    void confusionMatrixWritesEveryCountInACellAndTheClassNamesOnBothAxes() throws Exception {
        Chart c = Charts.confusionMatrix(new long[][] {{12345, 3}, {4, 5}}, List.of("cat", "dog"));
        Document d = parse(ChartSvg.render(c.toJson()));
        assertEquals(List.of("12,345", "3", "4", "5"), texts(d, "cell"), "counts are exact");
        assertEquals(List.of("cat", "dog"), texts(d, "xtick"));
        assertEquals(List.of("cat", "dog"), texts(d, "ytick"));
        assertEquals(List.of("predicted"), texts(d, "xtitle"));
        assertEquals(List.of("true"), texts(d, "ytitle"));
    }

    @Test
    void aLargeHeatMapIsOneImageWithAPixelPerCellInTheScalesColours() throws Exception {
        int n = 64;
        double[][] z = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                z[r][c] = (r * n + c) / (double) (n * n - 1) + 1e-9 * Math.PI;
            }
        }
        List<String> labels = java.util.stream.IntStream.range(0, n).mapToObj(i -> "" + i).toList();
        Chart chart = Charts.heatmap("feature map", "x", "y", z, labels, labels);
        String svg = ChartSvg.render(chart.toJson());
        Document d = parse(svg);

        assertEquals(1, d.getElementsByTagName("image").getLength(), "one image, not 4,096 rects");
        assertTrue(svg.length() < 40_000, "SVG of " + svg.length() + " characters");
        String href =
                ((org.w3c.dom.Element) d.getElementsByTagName("image").item(0))
                        .getAttribute("href");
        java.awt.image.BufferedImage png =
                javax.imageio.ImageIO.read(
                        new java.io.ByteArrayInputStream(
                                java.util.Base64.getDecoder()
                                        .decode(href.substring(href.indexOf(',') + 1))));
        assertEquals(n, png.getWidth());
        assertEquals(n, png.getHeight());
        // First row at the top (the y axis is reversed): the smallest value top left.
        assertEquals(0x440154, png.getRGB(0, 0) & 0xffffff, "Viridis' first colour");
        assertEquals(0xfde725, png.getRGB(n - 1, n - 1) & 0xffffff, "Viridis' last colour");
        float cell =
                chart.toJson()
                        .getAsJsonArray("data")
                        .get(0)
                        .getAsJsonObject()
                        .getAsJsonArray("z")
                        .get(0)
                        .getAsJsonArray()
                        .get(1)
                        .getAsFloat();
        assertEquals(2.442e-4f, cell, "1/4095 kept to 4 significant digits in plotly's JSON");
    }

    @Test
    void gridDrawsEverySubplotsTitlesAxesAndStageLines() throws Exception {
        Chart c = Charts.epochMetrics(ChartExamples.epochs("run", 6, 3, 0.5, 1));
        Document d = parse(ChartSvg.render(c.toJson()));
        assertEquals(List.of("epoch", "epoch"), texts(d, "xtitle"));
        assertTrue(texts(d, "ytitle").contains("loss"), texts(d, "ytitle").toString());
        List<String> annotations = texts(d, "annotation");
        assertTrue(annotations.contains("Loss per epoch"), annotations.toString());
        int dashed = 0;
        NodeList lines = d.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++) {
            dashed += ((Element) lines.item(i)).hasAttribute("stroke-dasharray") ? 1 : 0;
        }
        assertEquals(2, dashed, "one stage boundary in each of the two charts");
    }

    @Test
    void groupedBarsAndFeatureMapsDraw() throws Exception {
        Chart bars =
                Charts.bars(
                        "r",
                        "block",
                        "ratio",
                        List.of("a", "b"),
                        new BarGroup("p", new double[] {1, 2}),
                        new BarGroup("q", new double[] {3, 4}));
        assertEquals(
                4 + 2,
                parse(ChartSvg.render(bars.toJson())).getElementsByTagName("rect").getLength(),
                "4 bars, the background and the clip area");
        Chart maps =
                Charts.featureMaps(
                        "maps",
                        List.of("x", "y"),
                        List.of(new double[][] {{0, 1}, {2, 3}}, new double[][] {{1, 1}, {1, 1}}),
                        2);
        Document d = parse(ChartSvg.render(maps.toJson()));
        assertEquals(
                1 + 8 + 2,
                d.getElementsByTagName("rect").getLength(),
                "the background, 8 cells and 2 clip areas");
    }
}
