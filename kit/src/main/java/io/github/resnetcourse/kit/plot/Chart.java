package io.github.resnetcourse.kit.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One plotly figure: its traces ({@code data}) and its {@code layout}, exactly the JSON that
 * plotly.js draws and that JupyterLab's plotly renderer reads. Made by {@link Charts}; immutable
 * ({@code with...} methods return changed copies); shown with {@link Charts#show(Chart)}.
 *
 * <p>Axis titles are always written as {@code {"text": ...}} objects, the only form plotly.js 3+
 * still reads, so the same chart looks the same under the kit's plotly.js 2.35 and under the newer
 * plotly.js bundled with JupyterLab's renderer.
 */
public final class Chart {
    private final JsonObject figure;

    Chart(JsonObject figure) {
        this.figure = figure.deepCopy();
        if (!this.figure.has("data")) {
            this.figure.add("data", new JsonArray());
        }
        if (!this.figure.has("layout")) {
            this.figure.add("layout", new JsonObject());
        }
    }

    /** The chart's title, or an empty string. */
    public String title() {
        JsonObject layout = layout(figure);
        if (layout.has("title") && layout.get("title").isJsonObject()) {
            JsonElement text = layout.getAsJsonObject("title").get("text");
            return text == null ? "" : text.getAsString();
        }
        return "";
    }

    /** The legend names of the traces, in drawing order. */
    public List<String> traceNames() {
        List<String> names = new ArrayList<>();
        for (JsonElement t : figure.getAsJsonArray("data")) {
            JsonElement n = t.getAsJsonObject().get("name");
            names.add(n == null ? "" : n.getAsString());
        }
        return names;
    }

    /** The plotly figure {@code {"data": [...], "layout": {...}}} (a copy). */
    public JsonObject toJson() {
        return figure.deepCopy();
    }

    /** The same chart with another title. */
    public Chart withTitle(String title) {
        JsonObject f = figure.deepCopy();
        layout(f).add("title", Plotly.text(title));
        return new Chart(f);
    }

    /** The same chart drawn {@code width} × {@code height} pixels (width 0: fill the cell). */
    public Chart withSize(int width, int height) {
        if (width < 0 || height < 1) {
            throw new IllegalArgumentException(
                    "Chart size " + width + "x" + height + " px: height must be positive.");
        }
        JsonObject f = figure.deepCopy();
        if (width > 0) {
            layout(f).addProperty("width", width);
        } else {
            layout(f).remove("width");
        }
        layout(f).addProperty("height", height);
        return new Chart(f);
    }

    /** The same chart with its (first) y axis on {@code scale}. */
    public Chart withYScale(AxisScale scale) {
        JsonObject f = figure.deepCopy();
        Plotly.axis(layout(f), "yaxis").addProperty("type", scale.plotlyType());
        return new Chart(f);
    }

    /** The same chart with its (first) x axis on {@code scale} (a learning-rate sweep: log). */
    public Chart withXScale(AxisScale scale) {
        JsonObject f = figure.deepCopy();
        Plotly.axis(layout(f), "xaxis").addProperty("type", scale.plotlyType());
        return new Chart(f);
    }

    /**
     * The same chart with a dashed vertical line at {@code x} across the whole plot, labelled
     * {@code label} at the top (a stage boundary, the epoch of the best model, ...).
     */
    public Chart withVerticalLine(double x, String label) {
        JsonObject f = figure.deepCopy();
        Plotly.addVerticalLine(layout(f), "x", "y", x, label);
        return new Chart(f);
    }

    /**
     * The same chart with every boundary of {@code stages} marked: a dashed line where a stage
     * begins (after the first) and the stage's name at its start. A single stage marks nothing:
     * there is no boundary to show.
     */
    public Chart withStages(List<StageMark> stages) {
        Objects.requireNonNull(stages, "stages");
        if (stages.size() < 2) {
            return this;
        }
        JsonObject f = figure.deepCopy();
        for (int i = 0; i < stages.size(); i++) {
            StageMark s = stages.get(i);
            if (i == 0) {
                Plotly.addLabel(layout(f), "x", "y", s.start(), s.name());
            } else {
                Plotly.addVerticalLine(layout(f), "x", "y", s.start(), s.name());
            }
        }
        return new Chart(f);
    }

    /**
     * The rich output for a notebook: HTML that draws with the kit's offline plotly.js, a one-line
     * text summary for consoles, and plotly's own JSON ({@value Plotly#MIME_TYPE}) for front ends
     * with the plotly renderer when {@link Charts#setMimeTypes} asked for it.
     */
    public MimeBundle toBundle() {
        return ChartOutput.bundle(this);
    }

    @Override
    public String toString() {
        return ChartOutput.summary(this);
    }

    JsonObject figure() {
        return figure;
    }

    static JsonObject layout(JsonObject figure) {
        return figure.getAsJsonObject("layout");
    }
}
