package io.github.resnetcourse.kit.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Draws a chart's plotly figure as a static SVG: the fallback every chart output carries for places
 * where no JavaScript runs (GitHub, nbviewer, PDF, an HTML export read without scripts, JupyterLab
 * without the plotly renderer).
 *
 * <p>It reads the subset of plotly's JSON that {@link Charts} writes: scatter traces (lines,
 * markers, {@code line.shape = "hv"} steps), grouped bars, heat maps (colour scales Viridis, Blues,
 * RdBu, reversed, {@code zmin/zmax}, counts written in cells), subplots placed by axis {@code
 * domain}, linear, log and category axes, reversed axes, square cells ({@code scaleanchor}), dashed
 * vertical lines ({@code shapes}) and text labels ({@code annotations}). Axis titles are {@code
 * <text class="xtitle">} elements, as plotly.js writes them, so the same checks read both.
 */
final class ChartSvg {
    private static final String FONT = "font-family=\"Open Sans, Verdana, Arial, sans-serif\"";
    private static final double CHAR_WIDTH = 6.6; // of a 12 px sans-serif, for layout only

    private final JsonObject layout;
    private final JsonArray data;
    private final int width;
    private final int height;
    private final StringBuilder svg = new StringBuilder();

    private ChartSvg(JsonObject figure) {
        this.layout = figure.getAsJsonObject("layout");
        this.data = figure.getAsJsonArray("data");
        this.width = layout.has("width") ? layout.get("width").getAsInt() : 800;
        this.height = layout.has("height") ? layout.get("height").getAsInt() : 450;
    }

    /** The figure {@code {"data", "layout"}} as a standalone SVG document. */
    static String render(JsonObject figure) {
        return new ChartSvg(figure).draw();
    }

    private String draw() {
        svg.append(
                        String.format(
                                Locale.ROOT,
                                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"resnetcourse-static-chart\""
                                        + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" %s"
                                        + " font-size=\"12\">",
                                width,
                                height,
                                width,
                                height,
                                FONT))
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        JsonObject margin = layout.has("margin") ? layout.getAsJsonObject("margin") : null;
        List<String> legend = legendEntries();
        double legendWidth = legend.isEmpty() ? 0 : 50 + CHAR_WIDTH * longest(legend);
        double left = number(margin, "l", 80);
        double right = width - number(margin, "r", 80) - legendWidth;
        double top = number(margin, "t", 100);
        double bottom = height - number(margin, "b", 80);
        for (String suffix : subplots()) {
            drawSubplot(suffix, left, right, top, bottom);
        }
        title();
        drawLegend(legend, width - legendWidth, top);
        return svg.append("</svg>").toString();
    }

    // ---- subplots ----

    private Set<String> subplots() {
        Set<String> suffixes = new LinkedHashSet<>();
        for (JsonElement e : data) {
            suffixes.add(axisSuffix(e.getAsJsonObject(), "xaxis", "x"));
        }
        if (suffixes.isEmpty()) {
            suffixes.add("");
        }
        return suffixes;
    }

    private void drawSubplot(String s, double left, double right, double top, double bottom) {
        JsonObject xa = axisObject("xaxis" + s);
        JsonObject ya = axisObject("yaxis" + s);
        double[] xd = domain(xa);
        double[] yd = domain(ya);
        Box box =
                new Box(
                        left + xd[0] * (right - left),
                        left + xd[1] * (right - left),
                        bottom - yd[1] * (bottom - top),
                        bottom - yd[0] * (bottom - top));
        List<JsonObject> traces = new ArrayList<>();
        for (JsonElement e : data) {
            JsonObject t = e.getAsJsonObject();
            if (axisSuffix(t, "xaxis", "x").equals(s)) {
                traces.add(t);
            }
        }
        Axis x = Axis.of(xa, traces, "x", box.x0, box.x1);
        Axis y = Axis.of(ya, traces, "y", box.y1, box.y0);
        if (ya.has("scaleanchor") && x.category && y.category) {
            // square cells, centred in the domain (imshow's look)
            double cell = Math.min(box.width() / x.span(), box.height() / y.span());
            double cx = (box.x0 + box.x1) / 2;
            double cy = (box.y0 + box.y1) / 2;
            box =
                    new Box(
                            cx - cell * x.span() / 2,
                            cx + cell * x.span() / 2,
                            cy - cell * y.span() / 2,
                            cy + cell * y.span() / 2);
            x = Axis.of(xa, traces, "x", box.x0, box.x1);
            y = Axis.of(ya, traces, "y", box.y1, box.y0);
        }
        String clip = "clip" + s + "_" + Integer.toHexString(System.identityHashCode(this));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<clipPath id=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                                + " height=\"%.1f\"/></clipPath>",
                        clip,
                        box.x0,
                        box.y0,
                        box.width(),
                        box.height()));
        boolean heatmapOnly = traces.stream().allMatch(t -> "heatmap".equals(type(t)));
        if (!heatmapOnly) {
            gridLines(x, y, box);
        }
        svg.append("<g clip-path=\"url(#").append(clip).append(")\">");
        int barIndex = 0;
        int bars = (int) traces.stream().filter(t -> "bar".equals(type(t))).count();
        for (JsonObject t : traces) {
            switch (type(t)) {
                case "heatmap" -> heatmap(t, x, y);
                case "bar" -> bar(t, x, y, barIndex++, bars);
                default -> scatter(t, x, y);
            }
        }
        svg.append("</g>");
        shapes(s, x, y, box);
        axisLabels(xa, ya, x, y, box, heatmapOnly);
        annotations(s, box);
    }

    private void gridLines(Axis x, Axis y, Box box) {
        for (Tick t : y.ticks()) {
            line(box.x0, t.pixel, box.x1, t.pixel, "#eeeeee", 1, null);
        }
        if (!x.category) {
            for (Tick t : x.ticks()) {
                line(t.pixel, box.y0, t.pixel, box.y1, "#eeeeee", 1, null);
            }
        }
        line(box.x0, box.y1, box.x1, box.y1, "#444444", 1, null);
        line(box.x0, box.y0, box.x0, box.y1, "#444444", 1, null);
    }

    private void axisLabels(
            JsonObject xa, JsonObject ya, Axis x, Axis y, Box box, boolean heatmapOnly) {
        if (visible(xa)) {
            for (Tick t : x.ticks()) {
                text(t.pixel, box.y1 + 16, t.label, "middle", "xtick", "#444444", 11, false);
            }
            String title = axisTitle(xa);
            if (!title.isEmpty()) {
                text(
                        (box.x0 + box.x1) / 2,
                        box.y1 + 36,
                        title,
                        "middle",
                        "xtitle",
                        "#444444",
                        13,
                        false);
            }
        }
        if (visible(ya)) {
            double widest = 0;
            for (Tick t : y.ticks()) {
                text(box.x0 - 6, t.pixel + 4, t.label, "end", "ytick", "#444444", 11, false);
                widest = Math.max(widest, t.label.length() * 6.0);
            }
            String title = axisTitle(ya);
            if (!title.isEmpty()) {
                double px = box.x0 - widest - 18;
                double py = (box.y0 + box.y1) / 2;
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<text class=\"ytitle\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
                                        + " fill=\"#444444\" font-size=\"13\""
                                        + " transform=\"rotate(-90 %.1f %.1f)\">%s</text>",
                                px,
                                py,
                                px,
                                py,
                                escape(title)));
            }
        }
    }

    // ---- traces ----

    private void scatter(JsonObject t, Axis x, Axis y) {
        String colour = colour(t, "line");
        JsonArray xs = t.getAsJsonArray("x");
        JsonArray ys = t.getAsJsonArray("y");
        if (xs == null || ys == null) {
            return;
        }
        boolean steps =
                t.has("line")
                        && t.getAsJsonObject("line").has("shape")
                        && "hv".equals(t.getAsJsonObject("line").get("shape").getAsString());
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        double lastY = 0;
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
            if (xs.get(i).isJsonNull() || ys.get(i).isJsonNull()) {
                pen = false;
                continue;
            }
            double px = x.pixel(xs.get(i), i);
            double py = y.pixel(ys.get(i), i);
            if (!Double.isFinite(px) || !Double.isFinite(py)) {
                pen = false;
                continue;
            }
            if (pen && steps) {
                path.append(String.format(Locale.ROOT, "L%.1f,%.1f", px, lastY));
            }
            path.append(String.format(Locale.ROOT, "%s%.1f,%.1f", pen ? "L" : "M", px, py));
            pen = true;
            lastY = py;
            points.add(new double[] {px, py});
        }
        String mode = t.has("mode") ? t.get("mode").getAsString() : "lines+markers";
        if (mode.contains("lines") && path.length() > 0) {
            svg.append("<path class=\"trace\" d=\"")
                    .append(path)
                    .append("\" fill=\"none\" stroke=\"")
                    .append(colour)
                    .append("\" stroke-width=\"2\"/>");
        }
        if (mode.contains("markers") || points.size() == 1) {
            for (double[] p : points) {
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                                p[0],
                                p[1],
                                colour));
            }
        }
    }

    private void bar(JsonObject t, Axis x, Axis y, int index, int count) {
        String colour = colour(t, "marker");
        JsonArray xs = t.getAsJsonArray("x");
        JsonArray ys = t.getAsJsonArray("y");
        double band = x.bandWidth() * 0.8;
        double w = band / Math.max(1, count);
        double zero = y.pixelOf(y.log ? y.min : 0);
        for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
            if (ys.get(i).isJsonNull()) {
                continue;
            }
            double cx = x.pixel(xs.get(i), i) - band / 2 + index * w;
            double top = y.pixel(ys.get(i), i);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                                    + " fill=\"%s\"/>",
                            cx,
                            Math.min(top, zero),
                            w,
                            Math.abs(zero - top),
                            colour));
        }
    }

    /**
     * Above this many cells a heat map is drawn as one embedded PNG, a pixel per cell, instead of a
     * rectangle per cell: lesson 05's feature maps (three panels of 8 channels × 56 × 56) took 3 MB
     * as rectangles and a few kilobytes as an image, and an executed lesson must stay under 1 MB.
     */
    private static final int MAX_RECTANGLES = 2_000;

    private static int cellCount(JsonArray z) {
        int n = 0;
        for (JsonElement row : z) {
            n += row.getAsJsonArray().size();
        }
        return n;
    }

    private void heatmapImage(
            JsonArray z,
            double min,
            double max,
            String scale,
            boolean reverse,
            Axis x,
            Axis y,
            double cw,
            double ch) {
        int rows = z.size();
        int cols = 0;
        for (JsonElement row : z) {
            cols = Math.max(cols, row.getAsJsonArray().size());
        }
        // Row 0 may be drawn at the top or at the bottom, as the y axis says.
        boolean firstRowOnTop = y.pixelOf(0) <= y.pixelOf(rows - 1);
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_ARGB);
        for (int r = 0; r < rows; r++) {
            JsonArray row = z.get(r).getAsJsonArray();
            int py = firstRowOnTop ? r : rows - 1 - r;
            for (int c = 0; c < row.size(); c++) {
                if (row.get(c).isJsonNull()) {
                    continue; // transparent, as plotly leaves a missing cell
                }
                double v = row.get(c).getAsDouble();
                double f = max > min ? (v - min) / (max - min) : 0.5;
                f = Math.max(0, Math.min(1, reverse ? 1 - f : f));
                int rgb = Integer.parseInt(ColourScale.colour(scale, f).substring(1), 16);
                image.setRGB(c, py, 0xff000000 | rgb);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a heat map as PNG", e);
        }
        double left = x.pixelOf(0) - cw / 2;
        double top = Math.min(y.pixelOf(0), y.pixelOf(rows - 1)) - ch / 2;
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<image x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\""
                                + " preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\""
                                + " href=\"data:image/png;base64,%s\"/>",
                        left,
                        top,
                        cw * cols,
                        ch * rows,
                        Base64.getEncoder().encodeToString(png.toByteArray())));
    }

    private void heatmap(JsonObject t, Axis x, Axis y) {
        JsonArray z = t.getAsJsonArray("z");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (JsonElement row : z) {
            for (JsonElement v : row.getAsJsonArray()) {
                if (!v.isJsonNull()) {
                    min = Math.min(min, v.getAsDouble());
                    max = Math.max(max, v.getAsDouble());
                }
            }
        }
        if (t.has("zmin")) {
            min = t.get("zmin").getAsDouble();
        }
        if (t.has("zmax")) {
            max = t.get("zmax").getAsDouble();
        }
        String scale = t.has("colorscale") ? t.get("colorscale").getAsString() : "Viridis";
        boolean reverse = t.has("reversescale") && t.get("reversescale").getAsBoolean();
        boolean counts = t.has("texttemplate");
        double cw = x.bandWidth();
        double ch = Math.abs(y.bandWidth());
        if (!counts && cellCount(z) > MAX_RECTANGLES) {
            heatmapImage(z, min, max, scale, reverse, x, y, cw, ch);
            return;
        }
        for (int r = 0; r < z.size(); r++) {
            JsonArray row = z.get(r).getAsJsonArray();
            double cy = y.pixelOf(r);
            for (int c = 0; c < row.size(); c++) {
                if (row.get(c).isJsonNull()) {
                    continue;
                }
                double v = row.get(c).getAsDouble();
                double f = max > min ? (v - min) / (max - min) : 0.5;
                f = Math.max(0, Math.min(1, reverse ? 1 - f : f));
                double cx = x.pixelOf(c);
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\""
                                        + " fill=\"%s\"/>",
                                cx - cw / 2,
                                cy - ch / 2,
                                cw + 0.3,
                                ch + 0.3,
                                ColourScale.colour(scale, f)));
                if (counts) {
                    String ink = dark(scale, f) ? "white" : "#222222";
                    text(cx, cy + 4, format(v), "middle", "cell", ink, 11, false);
                }
            }
        }
    }

    private static boolean dark(String scale, double f) {
        return switch (scale) {
            case "Blues" -> f < 0.45;
            case "Viridis" -> f < 0.5;
            default -> Math.abs(f - 0.5) > 0.35;
        };
    }

    // ---- decorations ----

    private void shapes(String s, Axis x, Axis y, Box box) {
        if (!layout.has("shapes")) {
            return;
        }
        for (JsonElement e : layout.getAsJsonArray("shapes")) {
            JsonObject o = e.getAsJsonObject();
            if (!("x" + s).equals(o.get("xref").getAsString())) {
                continue;
            }
            double px = x.pixelOf(o.get("x0").getAsDouble());
            line(px, box.y0, px, box.y1, "#555555", 1.5, "5,4");
        }
    }

    private void annotations(String s, Box box) {
        if (!layout.has("annotations")) {
            return;
        }
        for (JsonElement e : layout.getAsJsonArray("annotations")) {
            JsonObject a = e.getAsJsonObject();
            String xref = a.get("xref").getAsString();
            if (!xref.equals("x" + s + " domain") && !xref.equals("x" + s)) {
                continue;
            }
            String raw = a.get("text").getAsString();
            boolean bold = raw.contains("<b>");
            String text = unescape(raw.replaceAll("<[^>]+>", "")).strip();
            double px;
            if (xref.endsWith("domain")) {
                px = box.x0 + a.get("x").getAsDouble() * box.width();
            } else {
                px = Double.NaN; // data x: resolved by the caller's axis below
            }
            double py = box.y0 + (1 - a.get("y").getAsDouble()) * box.height();
            double shift = a.has("yshift") ? a.get("yshift").getAsDouble() : 0;
            String anchor = a.has("xanchor") ? a.get("xanchor").getAsString() : "center";
            String yanchor = a.has("yanchor") ? a.get("yanchor").getAsString() : "middle";
            if (Double.isNaN(px)) {
                JsonObject xa = axisObject("xaxis" + s);
                List<JsonObject> traces = new ArrayList<>();
                for (JsonElement t : data) {
                    if (axisSuffix(t.getAsJsonObject(), "xaxis", "x").equals(s)) {
                        traces.add(t.getAsJsonObject());
                    }
                }
                px = Axis.of(xa, traces, "x", box.x0, box.x1).pixelOf(a.get("x").getAsDouble());
            }
            double baseline = "top".equals(yanchor) ? py + 14 : py - shift - 4;
            String svgAnchor =
                    switch (anchor) {
                        case "left" -> "start";
                        case "right" -> "end";
                        default -> "middle";
                    };
            int size = a.has("font") ? a.getAsJsonObject("font").get("size").getAsInt() : 13;
            text(
                    px + ("left".equals(anchor) ? 3 : 0),
                    baseline,
                    text,
                    svgAnchor,
                    "annotation",
                    "#444444",
                    size,
                    bold);
        }
    }

    private void title() {
        if (!layout.has("title")) {
            return;
        }
        JsonObject t = layout.getAsJsonObject("title");
        if (!t.has("text")) {
            return;
        }
        double x = t.has("x") ? t.get("x").getAsDouble() : 0.5;
        text(
                x * width,
                26,
                unescape(t.get("text").getAsString()),
                x < 0.3 ? "start" : "middle",
                "gtitle",
                "#444444",
                17,
                false);
    }

    private List<String> legendEntries() {
        List<String> names = new ArrayList<>();
        int named = 0;
        for (JsonElement e : data) {
            JsonObject t = e.getAsJsonObject();
            if ("heatmap".equals(type(t)) || !t.has("name")) {
                continue;
            }
            named++;
            if (t.has("showlegend") && !t.get("showlegend").getAsBoolean()) {
                continue;
            }
            names.add(t.get("name").getAsString());
        }
        return named > 1 || layout.has("showlegend") ? names : List.of();
    }

    private void drawLegend(List<String> names, double x, double top) {
        Map<String, String> colours = new LinkedHashMap<>();
        for (JsonElement e : data) {
            JsonObject t = e.getAsJsonObject();
            if (t.has("name") && names.contains(t.get("name").getAsString())) {
                colours.putIfAbsent(
                        t.get("name").getAsString(),
                        colour(t, "bar".equals(type(t)) ? "marker" : "line"));
            }
        }
        double y = top + 10;
        for (Map.Entry<String, String> e : colours.entrySet()) {
            line(x + 10, y - 4, x + 30, y - 4, e.getValue(), 3, null);
            text(x + 36, y, e.getKey(), "start", "legendtext", "#444444", 12, false);
            y += 20;
        }
    }

    // ---- primitives ----

    private void line(
            double x0, double y0, double x1, double y1, String colour, double w, String dash) {
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                                + " stroke-width=\"%s\"%s/>",
                        x0,
                        y0,
                        x1,
                        y1,
                        colour,
                        format(w),
                        dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
    }

    private void text(
            double x,
            double y,
            String text,
            String anchor,
            String cls,
            String colour,
            int size,
            boolean bold) {
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\""
                                + " font-size=\"%d\"%s>%s</text>",
                        cls,
                        x,
                        y,
                        anchor,
                        colour,
                        size,
                        bold ? " font-weight=\"bold\"" : "",
                        escape(text)));
    }

    // ---- figure helpers ----

    private JsonObject axisObject(String name) {
        return layout.has(name) ? layout.getAsJsonObject(name) : new JsonObject();
    }

    private static String axisSuffix(JsonObject trace, String key, String letter) {
        String ref = trace.has(key) ? trace.get(key).getAsString() : letter;
        return ref.substring(1);
    }

    private static double[] domain(JsonObject axis) {
        if (!axis.has("domain")) {
            return new double[] {0, 1};
        }
        JsonArray d = axis.getAsJsonArray("domain");
        return new double[] {d.get(0).getAsDouble(), d.get(1).getAsDouble()};
    }

    private static boolean visible(JsonObject axis) {
        return !axis.has("visible") || axis.get("visible").getAsBoolean();
    }

    private static String axisTitle(JsonObject axis) {
        if (axis.has("title") && axis.get("title").isJsonObject()) {
            JsonElement t = axis.getAsJsonObject("title").get("text");
            return t == null ? "" : t.getAsString();
        }
        return "";
    }

    static String type(JsonObject trace) {
        return trace.has("type") ? trace.get("type").getAsString() : "scatter";
    }

    private static String colour(JsonObject trace, String part) {
        if (trace.has(part) && trace.getAsJsonObject(part).has("color")) {
            return trace.getAsJsonObject(part).get("color").getAsString();
        }
        return Plotly.PALETTE.get(0);
    }

    private static double number(JsonObject o, String key, double fallback) {
        return o != null && o.has(key) ? o.get(key).getAsDouble() : fallback;
    }

    private static int longest(List<String> names) {
        return names.stream().mapToInt(String::length).max().orElse(0);
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    // ---- geometry ----

    private record Box(double x0, double x1, double y0, double y1) {
        double width() {
            return x1 - x0;
        }

        double height() {
            return y1 - y0;
        }
    }

    private record Tick(double pixel, String label) {}

    /** One axis: maps data values to pixels, and lists its ticks. */
    private static final class Axis {
        final boolean category;
        final boolean log;
        final List<String> categories;
        final double min;
        final double max;
        final double p0;
        final double p1;
        final boolean reversed;
        final String tickSuffix;
        boolean vertical;

        private Axis(
                boolean category,
                boolean log,
                List<String> categories,
                double min,
                double max,
                double p0,
                double p1,
                boolean reversed,
                String tickSuffix) {
            this.category = category;
            this.log = log;
            this.categories = categories;
            this.min = min;
            this.max = max;
            this.p0 = reversed ? p1 : p0;
            this.p1 = reversed ? p0 : p1;
            this.reversed = reversed;
            this.tickSuffix = tickSuffix;
        }

        /** The axis {@code letter} ("x" or "y") of {@code traces}, drawn from p0 to p1. */
        static Axis of(JsonObject a, List<JsonObject> traces, String letter, double p0, double p1) {
            String type = a.has("type") ? a.get("type").getAsString() : "linear";
            boolean reversed =
                    a.has("autorange") && "reversed".equals(a.get("autorange").getAsString());
            String suffix = a.has("ticksuffix") ? a.get("ticksuffix").getAsString() : "";
            boolean heat = traces.stream().anyMatch(t -> "heatmap".equals(type(t)));
            boolean stringData = false;
            List<String> cats = new ArrayList<>();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (JsonObject t : traces) {
                JsonArray v = t.getAsJsonArray(letter);
                if ("heatmap".equals(type(t)) && v == null) {
                    JsonArray z = t.getAsJsonArray("z");
                    int n = "x".equals(letter) ? z.get(0).getAsJsonArray().size() : z.size();
                    for (int i = 0; i < n; i++) {
                        if (!cats.contains(String.valueOf(i))) {
                            cats.add(String.valueOf(i));
                        }
                    }
                    continue;
                }
                if (v == null) {
                    continue;
                }
                for (JsonElement e : v) {
                    if (e.isJsonNull()) {
                        continue;
                    }
                    if (e.getAsJsonPrimitive().isString()) {
                        stringData = true;
                        if (!cats.contains(e.getAsString())) {
                            cats.add(e.getAsString());
                        }
                    } else {
                        double d = e.getAsDouble();
                        if (!"log".equals(type) || d > 0) {
                            lo = Math.min(lo, d);
                            hi = Math.max(hi, d);
                        }
                    }
                }
                if ("bar".equals(type(t)) && "y".equals(letter)) {
                    lo = Math.min(lo, 0);
                    hi = Math.max(hi, 0);
                }
            }
            if ("category".equals(type) || stringData || (heat && lo > hi)) {
                return new Axis(true, false, cats, -0.5, cats.size() - 0.5, p0, p1, reversed, "")
                        .along(letter);
            }
            boolean log = "log".equals(type);
            if (lo > hi) {
                lo = log ? 1 : 0;
                hi = log ? 10 : 1;
            }
            if (a.has("range")) {
                JsonArray r = a.getAsJsonArray("range");
                lo = r.get(0).getAsDouble();
                hi = r.get(1).getAsDouble();
                if (log) {
                    lo = Math.pow(10, lo);
                    hi = Math.pow(10, hi);
                }
            } else if (log) {
                double l0 = Math.log10(lo);
                double l1 = Math.log10(hi);
                double pad = l1 > l0 ? (l1 - l0) * 0.06 : 0.3;
                lo = Math.pow(10, l0 - pad);
                hi = Math.pow(10, l1 + pad);
            } else {
                double pad = hi > lo ? (hi - lo) * 0.06 : Math.max(Math.abs(hi) * 0.1, 0.5);
                lo -= pad;
                hi += pad;
            }
            return new Axis(false, log, cats, lo, hi, p0, p1, reversed, suffix).along(letter);
        }

        double span() {
            return max - min;
        }

        /** Pixels a category label needs: ~60 side by side (x), ~16 one above the other (y). */
        double room() {
            return vertical ? 16 : 60;
        }

        private Axis along(String letter) {
            vertical = "y".equals(letter);
            return this;
        }

        double bandWidth() {
            return Math.abs(p1 - p0) / (category ? Math.max(1, categories.size()) : 20);
        }

        double pixel(JsonElement value, int index) {
            if (category) {
                int i =
                        value.getAsJsonPrimitive().isString()
                                ? categories.indexOf(value.getAsString())
                                : (int) value.getAsDouble();
                return pixelOf(i < 0 ? index : i);
            }
            return pixelOf(value.getAsDouble());
        }

        double pixelOf(double v) {
            double f =
                    log
                            ? (Math.log10(v) - Math.log10(min))
                                    / (Math.log10(max) - Math.log10(min))
                            : (v - min) / (max - min);
            return p0 + f * (p1 - p0);
        }

        List<Tick> ticks() {
            List<Tick> ticks = new ArrayList<>();
            if (category) {
                int step =
                        Math.max(
                                1, (int) Math.ceil(categories.size() * room() / Math.abs(p1 - p0)));
                for (int i = 0; i < categories.size(); i += step) {
                    ticks.add(new Tick(pixelOf(i), categories.get(i)));
                }
                return ticks;
            }
            if (log) {
                int from = (int) Math.ceil(Math.log10(min) - 1e-9);
                int to = (int) Math.floor(Math.log10(max) + 1e-9);
                for (int e = from; e <= to; e++) {
                    ticks.add(new Tick(pixelOf(Math.pow(10, e)), "10^" + e));
                }
                if (ticks.size() < 2) {
                    ticks.clear();
                    for (int e = from - 1; e <= to; e++) {
                        for (int m : new int[] {1, 2, 5}) {
                            double v = m * Math.pow(10, e);
                            if (v >= min && v <= max) {
                                ticks.add(new Tick(pixelOf(v), shortNumber(v)));
                            }
                        }
                    }
                }
                return ticks;
            }
            double step = niceStep((max - min) / Math.max(2, Math.abs(p1 - p0) / 70));
            for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
                double r = Math.abs(v) < step * 1e-9 ? 0 : v;
                ticks.add(new Tick(pixelOf(r), shortNumber(r) + tickSuffix));
            }
            return ticks;
        }

        private static double niceStep(double raw) {
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            double m = raw / p;
            return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
        }

        private static String shortNumber(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e9) {
                return String.format(Locale.ROOT, "%,d", (long) v);
            }
            String s = String.format(Locale.ROOT, "%.4g", v);
            if (s.contains("e")) {
                return s;
            }
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
    }

    /** The colour scales the kit's heat maps use, as plotly defines them. */
    private static final class ColourScale {
        private static final Map<String, String[]> SCALES =
                Map.of(
                        "Viridis",
                        new String[] {
                            "#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89",
                            "#35b779", "#6ece58", "#b5de2b", "#fde725"
                        },
                        "Blues",
                        new String[] {
                            "#08306b", "#08519c", "#2171b5", "#4292c6", "#6baed6", "#9ecae1",
                            "#c6dbef", "#deebf7", "#f7fbff"
                        },
                        "RdBu",
                        new String[] {
                            "#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
                            "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"
                        });

        static String colour(String scale, double f) {
            String[] stops = SCALES.getOrDefault(scale, SCALES.get("Viridis"));
            double pos = f * (stops.length - 1);
            int i = Math.min(stops.length - 2, (int) Math.floor(pos));
            double t = pos - i;
            int a = Integer.parseInt(stops[i].substring(1), 16);
            int b = Integer.parseInt(stops[i + 1].substring(1), 16);
            int r = mix(a >> 16, b >> 16, t);
            int g = mix((a >> 8) & 255, (b >> 8) & 255, t);
            int bl = mix(a & 255, b & 255, t);
            return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
        }

        private static int mix(int a, int b, double t) {
            return (int) Math.round(a + (b - a) * t);
        }
    }
}
