package io.github.resnetcourse.kit.plot;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Turns a chart into the outputs each front end understands. */
final class ChartOutput {
    // Gson escapes <, >, & and = as \u003c..., so figure JSON is safe inside a <script> element.
    private static final Gson GSON = new GsonBuilder().create();
    private static final String SESSION = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicLong COUNTER = new AtomicLong();

    static final String NOT_LOADED =
            "This chart needs plotly.js, which the first HTML chart of a kernel session carries."
                    + " Run the notebook from the top (Restart Kernel and Run All), or install"
                    + " the plotly renderer: pip install plotly.";

    private ChartOutput() {}

    private static volatile ChartMimeTypes mimeTypes = ChartMimeTypes.PLOTLY_JSON_AND_SVG;

    static void setMimeTypes(ChartMimeTypes types) {
        mimeTypes = java.util.Objects.requireNonNull(types, "types");
    }

    static ChartMimeTypes mimeTypes() {
        return mimeTypes;
    }

    /**
     * The chart's output: plotly's JSON (or the kit's HTML, see {@link ChartMimeTypes}), a static
     * SVG drawn by the kit, and a one-line text summary.
     */
    static MimeBundle bundle(Chart chart) {
        String svg = ChartSvg.render(chart.figure());
        if (mimeTypes == ChartMimeTypes.HTML_AND_SVG) {
            return MimeBundle.html(html(chart), summary(chart)).with(MimeBundle.SVG, svg);
        }
        JsonObject mime = chart.toJson();
        mime.add("config", config());
        return MimeBundle.of(Plotly.MIME_TYPE, GSON.toJson(mime), summary(chart))
                .with(MimeBundle.SVG, svg);
    }

    /** A div plus a script that draws the figure as soon as {@code window.Plotly} exists. */
    static String html(Chart chart) {
        String id = nextId();
        JsonObject f = chart.figure();
        String draw =
                "window.Plotly.newPlot(el, fig.data, fig.layout, " + GSON.toJson(config()) + ");";
        return container(id, f)
                + "<script>\n(function () {\nvar fig = "
                + GSON.toJson(f)
                + ";\n"
                + waitThenDraw(id, draw)
                + "})();\n</script>";
    }

    /** The HTML for a tablesaw figure: its own script, run once plotly.js is there. */
    static String tablesawHtml(tech.tablesaw.plotly.components.Figure figure) {
        String id = nextId();
        String js = figure.asJavascript(id).trim();
        js = js.replaceFirst("^<script>", "").replaceFirst("</script>$", "");
        return "<div id=\""
                + id
                + "\" class=\"resnetcourse-chart\"></div>\n<script>\n(function () {\n"
                + waitThenDraw(id, "(function () {\n" + js + "\n})();")
                + "})();\n</script>";
    }

    private static String container(String id, JsonObject figure) {
        JsonElement h = Chart.layout(figure).get("height");
        int height = h == null ? 450 : h.getAsInt();
        return "<div id=\""
                + id
                + "\" class=\"resnetcourse-chart\" style=\"width:100%;min-height:"
                + height
                + "px\"></div>\n";
    }

    private static String waitThenDraw(String id, String draw) {
        return "var id = '"
                + id
                + "', tries = 0;\n"
                + "function draw() { var el = document.getElementById(id); if (!el) { return; }"
                + " el.textContent = ''; "
                + draw
                + " }\n"
                + "function wait() {\n"
                + "  if (window.Plotly) { draw(); return; }\n"
                + "  if (tries++ < 300 && !window.__resnetcoursePlotlyError) {"
                + " setTimeout(wait, 200); return; }\n"
                + "  var el = document.getElementById(id);\n"
                + "  if (el) { el.textContent = "
                + GSON.toJson(NOT_LOADED)
                + " + (window.__resnetcoursePlotlyError ? ' (' + window.__resnetcoursePlotlyError"
                + " + ')' : ''); }\n"
                + "}\nwait();\n";
    }

    private static JsonObject config() {
        JsonObject c = new JsonObject();
        c.addProperty("responsive", true);
        c.addProperty("displaylogo", false);
        return c;
    }

    private static String nextId() {
        // Underscores only: tablesaw turns the id into a JavaScript variable name.
        return "resnetcourse_chart_" + SESSION + "_" + COUNTER.incrementAndGet();
    }

    /** One line for consoles: the title and each trace's last value. */
    static String summary(Chart chart) {
        StringBuilder sb = new StringBuilder("[chart] ");
        sb.append(chart.title().isEmpty() ? "(untitled)" : chart.title());
        String sep = ": ";
        for (JsonElement t : chart.figure().getAsJsonArray("data")) {
            JsonObject trace = t.getAsJsonObject();
            String name = trace.has("name") ? trace.get("name").getAsString() : "";
            String type = trace.has("type") ? trace.get("type").getAsString() : "scatter";
            sb.append(sep).append(name.isEmpty() ? type : name);
            sep = ", ";
            if ("scatter".equals(type) && trace.has("y")) {
                var y = trace.getAsJsonArray("y");
                for (int i = y.size() - 1; i >= 0; i--) {
                    if (!y.get(i).isJsonNull()) {
                        sb.append(
                                String.format(
                                        Locale.ROOT,
                                        " (last %.4g, n=%d)",
                                        y.get(i).getAsDouble(),
                                        y.size()));
                        break;
                    }
                }
            }
        }
        return sb.toString();
    }
}
