package io.github.resnetcourse.kit.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.List;

/** Small builders for plotly's JSON, so the chart factories read as what they draw. */
final class Plotly {
    /** The MIME type JupyterLab's and Notebook 7's plotly renderer draws. */
    static final String MIME_TYPE = "application/vnd.plotly.v1+json";

    /** plotly's default colour cycle, fixed here so "train" and "valid" keep their colours. */
    static final List<String> PALETTE =
            List.of(
                    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                    "#7f7f7f", "#bcbd22", "#17becf");

    private Plotly() {}

    static JsonObject text(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("text", text);
        return o;
    }

    /**
     * The axis object {@code name} of {@code layout} ("xaxis", "yaxis2", ...), created if absent.
     */
    static JsonObject axis(JsonObject layout, String name) {
        if (!layout.has(name)) {
            layout.add(name, new JsonObject());
        }
        return layout.getAsJsonObject(name);
    }

    static JsonObject axisTitled(String title, AxisScale scale) {
        JsonObject a = new JsonObject();
        a.add("title", text(title));
        a.addProperty("type", scale.plotlyType());
        if (scale == AxisScale.LOG) {
            a.addProperty("exponentformat", "power");
        }
        a.addProperty("automargin", true);
        return a;
    }

    /**
     * Numbers as JSON; NaN and infinities become null, which plotly draws as a gap. Written with
     * float precision (at most 9 digits instead of 17): a screen cannot show the difference, and
     * the notebook stays half the size.
     */
    static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray(values.length);
        for (double v : values) {
            if (Double.isFinite(v) && Math.abs(v) < Float.MAX_VALUE) {
                a.add(Float.valueOf((float) v));
            } else {
                a.add(JsonNull.INSTANCE);
            }
        }
        return a;
    }

    /**
     * Like {@link #numbers}, rounded to {@code digits} significant digits: for values that are only
     * seen as colours or hover text (a heat map's cells), where full float precision tripled the
     * size of an executed notebook. Whole numbers (counts) are kept exact.
     */
    static JsonArray numbers(double[] values, int digits) {
        java.math.MathContext precision = new java.math.MathContext(digits);
        JsonArray a = new JsonArray(values.length);
        for (double v : values) {
            if (v == Math.rint(v) && Math.abs(v) < 1 << 24) {
                a.add(Float.valueOf((float) v)); // counts (a confusion matrix's) stay exact
            } else if (Double.isFinite(v) && Math.abs(v) < Float.MAX_VALUE) {
                a.add(Float.valueOf(new java.math.BigDecimal(v).round(precision).floatValue()));
            } else {
                a.add(JsonNull.INSTANCE);
            }
        }
        return a;
    }

    static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray(values.size());
        values.forEach(a::add);
        return a;
    }

    static JsonObject lineTrace(Series s, String color) {
        JsonObject t = new JsonObject();
        t.addProperty("type", "scatter");
        t.addProperty("mode", s.size() <= 60 ? "lines+markers" : "lines");
        t.addProperty("name", s.name());
        t.add("x", numbers(s.x()));
        t.add("y", numbers(s.y()));
        JsonObject line = new JsonObject();
        line.addProperty("color", color);
        line.addProperty("width", 2);
        t.add("line", line);
        JsonObject marker = new JsonObject();
        marker.addProperty("size", 5);
        t.add("marker", marker);
        return t;
    }

    static JsonObject baseLayout(String title) {
        JsonObject layout = new JsonObject();
        JsonObject t = text(title);
        t.addProperty("x", 0.02);
        layout.add("title", t);
        layout.addProperty("height", 380);
        JsonObject margin = new JsonObject();
        margin.addProperty("l", 60);
        margin.addProperty("r", 20);
        margin.addProperty("t", 50);
        margin.addProperty("b", 50);
        layout.add("margin", margin);
        return layout;
    }

    static void addVerticalLine(
            JsonObject layout, String xref, String yref, double x, String label) {
        JsonObject shape = new JsonObject();
        shape.addProperty("type", "line");
        shape.addProperty("xref", xref);
        shape.addProperty("yref", yref + " domain");
        shape.addProperty("x0", x);
        shape.addProperty("x1", x);
        shape.addProperty("y0", 0);
        shape.addProperty("y1", 1);
        JsonObject line = new JsonObject();
        line.addProperty("color", "#555555");
        line.addProperty("width", 1.5);
        line.addProperty("dash", "dash");
        shape.add("line", line);
        array(layout, "shapes").add(shape);
        addLabel(layout, xref, yref, x, label);
    }

    static void addLabel(JsonObject layout, String xref, String yref, double x, String label) {
        if (label == null || label.isEmpty()) {
            return;
        }
        JsonObject a = new JsonObject();
        a.addProperty("xref", xref);
        a.addProperty("yref", yref + " domain");
        a.addProperty("x", x);
        a.addProperty("y", 1);
        a.addProperty("xanchor", "left");
        a.addProperty("yanchor", "top");
        a.addProperty("showarrow", false);
        a.addProperty("text", " " + label);
        JsonObject font = new JsonObject();
        font.addProperty("color", "#555555");
        font.addProperty("size", 11);
        a.add("font", font);
        array(layout, "annotations").add(a);
    }

    static JsonArray array(JsonObject o, String name) {
        if (!o.has(name)) {
            o.add(name, new JsonArray());
        }
        return o.getAsJsonArray(name);
    }

    static JsonObject figure(JsonArray data, JsonObject layout) {
        JsonObject f = new JsonObject();
        f.add("data", data);
        f.add("layout", layout);
        return f;
    }
}
