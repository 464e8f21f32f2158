package io.github.resnetcourse.kit.plot;

import static io.github.resnetcourse.kit.plot.MetricColumns.EPOCH;
import static io.github.resnetcourse.kit.plot.MetricColumns.ITERATION;
import static io.github.resnetcourse.kit.plot.MetricColumns.LEARNING_RATE;
import static io.github.resnetcourse.kit.plot.MetricColumns.LOSS;
import static io.github.resnetcourse.kit.plot.MetricColumns.STAGE;
import static io.github.resnetcourse.kit.plot.MetricColumns.TRAIN_ACCURACY;
import static io.github.resnetcourse.kit.plot.MetricColumns.TRAIN_LOSS;
import static io.github.resnetcourse.kit.plot.MetricColumns.VALID_ACCURACY;
import static io.github.resnetcourse.kit.plot.MetricColumns.VALID_LOSS;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.eval.ConfusionMatrix;
import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import io.github.resnetcourse.kit.train.BatchRecord;
import io.github.resnetcourse.kit.train.History;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every chart the lessons draw, one call each, and the one way to show them.
 *
 * <pre>{@code
 * Charts.show(Charts.loss(epochs));                      // train vs valid loss, stages marked
 * Charts.show(Charts.learningRate(epochs));              // log axis
 * Charts.show(Charts.dashboard(epochs, cm, classNames)); // 2×2
 * }</pre>
 *
 * <p>Per-epoch and per-batch tables are tablesaw {@link Table}s with the column names of {@link
 * MetricColumns}; anything else can be drawn from {@link Series}. Charts render offline in
 * JupyterLab, Notebook 7 and nbconvert's HTML export (see {@link PlotlyLibrary}).
 */
public final class Charts {
    /** Points drawn of a per-iteration loss; longer runs are averaged down (see Series). */
    public static final int MAX_LINE_POINTS = 2000;

    private Charts() {}

    // ---- showing ----

    /**
     * Shows {@code chart} below the running cell.
     *
     * @return a handle that {@link #update} uses to redraw the chart in place (a live monitor)
     */
    public static DisplayHandle show(Chart chart) {
        loadPlotlyIfHtml();
        return Notebook.show(chart.toBundle());
    }

    /** Only HTML charts need the kit's plotly.js in the notebook; plotly JSON charts do not. */
    private static void loadPlotlyIfHtml() {
        if (ChartOutput.mimeTypes() == ChartMimeTypes.HTML_AND_SVG) {
            PlotlyLibrary.ensureLoaded();
        }
    }

    /**
     * Chooses the representations every chart output carries from now on (default {@link
     * ChartMimeTypes#PLOTLY_JSON_AND_SVG}: plotly's JSON for JupyterLab's renderer and a static
     * SVG; no plotly.js in the notebook).
     */
    public static void setMimeTypes(ChartMimeTypes types) {
        ChartOutput.setMimeTypes(types);
    }

    /** Shows an image grid (a static PNG), so lessons show every figure the same way. */
    public static DisplayHandle show(ImageGrid grid) {
        return grid.show();
    }

    /** Redraws the chart shown under {@code handle} (for example once per epoch). */
    public static void update(DisplayHandle handle, Chart chart) {
        loadPlotlyIfHtml();
        handle.update(chart.toBundle());
    }

    /**
     * Shows a figure built directly with tablesaw-jsplot ({@code LinePlot.create(...)}, {@code
     * Figure.builder()...}), drawn offline with the kit's plotly.js {@value PlotlyLibrary#VERSION},
     * which still reads tablesaw's string axis titles.
     */
    public static DisplayHandle show(tech.tablesaw.plotly.components.Figure figure) {
        PlotlyLibrary.ensureLoaded();
        return Notebook.show(
                MimeBundle.html(ChartOutput.tablesawHtml(figure), "[chart] tablesaw figure"));
    }

    // ---- lines ----

    /** Lines on a linear y axis, one per series, in the order given. */
    public static Chart lines(String title, String xTitle, String yTitle, Series... series) {
        return lines(title, xTitle, yTitle, AxisScale.LINEAR, Arrays.asList(series));
    }

    /** Lines on a y axis of the given scale, one per series. */
    public static Chart lines(
            String title, String xTitle, String yTitle, AxisScale yScale, List<Series> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("Chart '" + title + "' needs at least one series.");
        }
        JsonArray data = new JsonArray();
        for (int i = 0; i < series.size(); i++) {
            data.add(Plotly.lineTrace(series.get(i), color(i)));
        }
        JsonObject layout = Plotly.baseLayout(title);
        layout.add("xaxis", Plotly.axisTitled(xTitle, AxisScale.LINEAR));
        layout.add("yaxis", Plotly.axisTitled(yTitle, yScale));
        layout.addProperty("hovermode", "x unified");
        return new Chart(Plotly.figure(data, layout));
    }

    /**
     * Training loss per iteration (batch index on x). Long runs are averaged down to {@value
     * #MAX_LINE_POINTS} points so the notebook stays small.
     */
    public static Chart iterationLoss(Series loss) {
        return lines(
                "Training loss per iteration",
                "iteration",
                "loss",
                AxisScale.LINEAR,
                List.of(loss.averagedTo(MAX_LINE_POINTS)));
    }

    /**
     * Training loss per iteration from a per-batch table ({@code iteration}, {@code loss}, and
     * optionally {@code stage}, whose changes are marked).
     */
    public static Chart iterationLoss(Table batches) {
        Chart c = iterationLoss(Series.fromTable("train loss", batches, ITERATION, LOSS));
        return c.withStages(StageMark.fromTable(batches, ITERATION, STAGE));
    }

    /**
     * Training loss per iteration from a per-batch table ({@code iteration}, {@code epoch}, {@code
     * loss}) with the stage boundaries taken from the per-epoch table's {@code stage} column: a
     * line where the first batch of a new stage begins.
     */
    public static Chart iterationLoss(Table batches, Table epochs) {
        Chart c = iterationLoss(Series.fromTable("train loss", batches, ITERATION, LOSS));
        if (!epochs.columnNames().contains(STAGE) || !batches.columnNames().contains(EPOCH)) {
            return c;
        }
        Map<Integer, String> stageOfEpoch = new java.util.HashMap<>();
        double[] epochNumbers = Series.column(epochs, EPOCH);
        for (int i = 0; i < epochNumbers.length; i++) {
            stageOfEpoch.put((int) epochNumbers[i], epochs.column(STAGE).getString(i));
        }
        double[] it = Series.column(batches, ITERATION);
        double[] ep = Series.column(batches, EPOCH);
        List<StageMark> stages = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < it.length; i++) {
            // a batch of an epoch not yet finished keeps the stage before it (live charts)
            String stage = stageOfEpoch.getOrDefault((int) ep[i], previous);
            if (stage != null && !stage.equals(previous)) {
                stages.add(new StageMark(stage, it[i] - 0.5));
                previous = stage;
            }
        }
        return c.withStages(stages);
    }

    /** Train versus valid values of one metric per epoch. */
    public static Chart trainValid(String title, String yTitle, Series train, Series valid) {
        return lines(title, "epoch", yTitle, AxisScale.LINEAR, List.of(train, valid));
    }

    /** Train and valid loss per epoch, with stage boundaries when the table has a stage column. */
    public static Chart loss(Table epochs) {
        return perEpoch(epochs, "Loss per epoch", "loss", TRAIN_LOSS, VALID_LOSS);
    }

    /**
     * Train and valid accuracy per epoch in percent (the table holds fractions; tables and prose
     * say "93.1 %"), with stage boundaries.
     */
    public static Chart accuracy(Table epochs) {
        return perEpoch(
                epochs, "Accuracy per epoch", ACCURACY_TITLE, TRAIN_ACCURACY, VALID_ACCURACY, 100);
    }

    /** The y-axis title of every accuracy chart. */
    static final String ACCURACY_TITLE = "accuracy (%)";

    /**
     * The learning rate per epoch on a log axis, drawn as steps (the rate is constant within an
     * epoch and changes between two), with stage boundaries.
     */
    public static Chart learningRate(Table epochs) {
        Series lr = Series.fromTable("learning rate", epochs, EPOCH, LEARNING_RATE).asSteps();
        JsonObject f =
                lines("Learning rate", "epoch", "learning rate", AxisScale.LOG, List.of(lr))
                        .toJson();
        JsonObject trace = f.getAsJsonArray("data").get(0).getAsJsonObject();
        trace.addProperty("mode", "lines");
        trace.getAsJsonObject("line").addProperty("shape", "hv");
        return new Chart(f).withStages(StageMark.fromTable(epochs, EPOCH, STAGE));
    }

    /**
     * One metric of several runs on one chart: {@code runs} maps a legend label ("ResNet18") to
     * that run's per-epoch table; {@code column} is one of {@link MetricColumns}.
     */
    public static Chart compare(
            String title, String yTitle, String column, Map<String, Table> runs) {
        List<Series> series = new ArrayList<>();
        runs.forEach((name, table) -> series.add(Series.fromTable(name, table, EPOCH, column)));
        return lines(title, "epoch", yTitle, AxisScale.LINEAR, series);
    }

    private static Chart perEpoch(
            Table epochs, String title, String yTitle, String trainColumn, String validColumn) {
        return perEpoch(epochs, title, yTitle, trainColumn, validColumn, 1);
    }

    private static Chart perEpoch(
            Table epochs,
            String title,
            String yTitle,
            String trainColumn,
            String validColumn,
            double scale) {
        List<Series> series = new ArrayList<>();
        series.add(Series.fromTable("train", epochs, EPOCH, trainColumn).scaledBy(scale));
        if (epochs.columnNames().contains(validColumn)) {
            series.add(Series.fromTable("valid", epochs, EPOCH, validColumn).scaledBy(scale));
        }
        return lines(title, "epoch", yTitle, AxisScale.LINEAR, series)
                .withStages(StageMark.fromTable(epochs, EPOCH, STAGE));
    }

    // ---- from a training history ----

    /** Training loss per iteration of {@code history}, stage changes marked. */
    public static Chart iterationLoss(History history) {
        List<BatchRecord> batches = history.batches();
        Table t =
                Table.create(
                        "batches",
                        DoubleColumn.create(ITERATION, history.iterations()),
                        DoubleColumn.create(LOSS, history.batchLosses()),
                        StringColumn.create(
                                STAGE, batches.stream().map(b -> stageOf(b.stage())).toList()));
        return iterationLoss(t);
    }

    /** Train and valid loss per epoch of {@code history}, stage changes marked. */
    public static Chart loss(History history) {
        return loss(epochTable(history));
    }

    /** Train and valid accuracy per epoch of {@code history}, stage changes marked. */
    public static Chart accuracy(History history) {
        return accuracy(epochTable(history));
    }

    /**
     * Loss and accuracy per epoch side by side, train versus valid, stage changes marked: the two
     * charts every training lesson shows after {@code fit}.
     */
    public static Chart epochMetrics(History history) {
        return epochMetrics(epochTable(history));
    }

    /**
     * Loss and accuracy per epoch side by side from a per-epoch table (see {@link MetricColumns}).
     */
    public static Chart epochMetrics(Table epochs) {
        return grid("Loss and accuracy per epoch", 2, loss(epochs), accuracy(epochs))
                .withSize(0, 420);
    }

    /** The learning rate per epoch of {@code history} on a log axis. */
    public static Chart learningRate(History history) {
        return learningRate(epochTable(history));
    }

    /**
     * Loss, accuracy and learning rate side by side: the training monitor of lesson 07, redrawn
     * after every epoch by {@link TrainingMonitor}.
     */
    public static Chart monitor(History history) {
        Table epochs = epochTable(history);
        return grid(
                "Training monitor (epoch " + epochs.rowCount() + ")",
                3,
                loss(epochs),
                accuracy(epochs),
                learningRate(epochs));
    }

    /** The 2×2 dashboard of {@code history} and an evaluation's confusion matrix. */
    public static Chart dashboard(
            History history, ConfusionMatrix confusion, List<String> classNames) {
        return dashboard(epochTable(history), confusion.counts(), classNames);
    }

    /** An evaluation's confusion matrix as a heat map with class names. */
    public static Chart confusionMatrix(ConfusionMatrix confusion, List<String> classNames) {
        return confusionMatrix(confusion.counts(), classNames);
    }

    /**
     * Accuracy per epoch in percent, measured on each training's validation data (the title names
     * which data that is), of several trainings on one chart, in the order given (ResNet18 versus
     * AlexNet): {@code compareAccuracy("Test accuracy", "ResNet18", h1, "AlexNet", h2)}.
     *
     * @param namesAndHistories alternating legend labels ({@code String}) and {@link History}s
     */
    public static Chart compareAccuracy(String title, Object... namesAndHistories) {
        if (namesAndHistories.length == 0 || namesAndHistories.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "Give pairs of a name and a History, e.g. (\"ResNet18\", h1, \"AlexNet\", h2).");
        }
        Map<String, Table> runs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndHistories.length; i += 2) {
            if (!(namesAndHistories[i] instanceof String name)
                    || !(namesAndHistories[i + 1] instanceof History h)) {
                throw new IllegalArgumentException(
                        "Argument "
                                + (i + 1)
                                + " and "
                                + (i + 2)
                                + " must be a name and a History, got "
                                + namesAndHistories[i]
                                + " and "
                                + namesAndHistories[i + 1]);
            }
            runs.put(name, epochTable(h));
        }
        List<Series> series = new ArrayList<>();
        runs.forEach(
                (name, table) ->
                        series.add(
                                Series.fromTable(name, table, EPOCH, VALID_ACCURACY)
                                        .scaledBy(100)));
        return lines(title, "epoch", ACCURACY_TITLE, AxisScale.LINEAR, series);
    }

    /**
     * The per-epoch table of {@code history} with the column names of {@link MetricColumns}, built
     * from its accessors (so charts do not depend on how {@code History.toTable()} names columns).
     */
    public static Table epochTable(History history) {
        return Table.create(
                "epochs",
                DoubleColumn.create(EPOCH, history.epochNumbers()),
                StringColumn.create(STAGE, history.stages().stream().map(Charts::stageOf).toList()),
                DoubleColumn.create(TRAIN_LOSS, history.trainLoss()),
                DoubleColumn.create(VALID_LOSS, history.validLoss()),
                DoubleColumn.create(TRAIN_ACCURACY, history.trainAccuracy()),
                DoubleColumn.create(VALID_ACCURACY, history.validAccuracy()),
                DoubleColumn.create(LEARNING_RATE, history.learningRates()));
    }

    private static String stageOf(String label) {
        return label == null ? "" : label;
    }

    // ---- heat maps and bars ----

    /**
     * A confusion matrix as a heat map with the counts written in each cell: rows are the true
     * classes, columns the predicted ones, both labelled with {@code classNames}.
     */
    public static Chart confusionMatrix(long[][] counts, List<String> classNames) {
        int n = classNames.size();
        if (counts.length != n) {
            throw new IllegalArgumentException(
                    "Confusion matrix has "
                            + counts.length
                            + " rows but "
                            + n
                            + " class names; give one name per class.");
        }
        double[][] z = new double[n][];
        for (int r = 0; r < n; r++) {
            if (counts[r].length != n) {
                throw new IllegalArgumentException(
                        "Confusion matrix row "
                                + r
                                + " has "
                                + counts[r].length
                                + " columns, not "
                                + n);
            }
            z[r] = Arrays.stream(counts[r]).asDoubleStream().toArray();
        }
        JsonObject t = heatmapTrace(z, classNames, classNames, "Blues");
        t.addProperty("texttemplate", "%{z}");
        t.addProperty("hovertemplate", "true %{y}<br>predicted %{x}<br>count %{z}<extra></extra>");
        t.addProperty("reversescale", true); // plotly's "Blues" runs dark to light
        JsonObject layout = Plotly.baseLayout("Confusion matrix");
        JsonObject x = Plotly.axisTitled("predicted", AxisScale.LINEAR);
        x.addProperty("type", "category");
        JsonObject y = Plotly.axisTitled("true", AxisScale.LINEAR);
        y.addProperty("type", "category");
        y.addProperty("autorange", "reversed");
        layout.add("xaxis", x);
        layout.add("yaxis", y);
        layout.addProperty("height", Math.max(380, 120 + 28 * n));
        return new Chart(Plotly.figure(single(t), layout));
    }

    /** A heat map of {@code z} (row-major, first row at the top) with labelled rows and columns. */
    public static Chart heatmap(
            String title,
            String xTitle,
            String yTitle,
            double[][] z,
            List<String> columnLabels,
            List<String> rowLabels) {
        JsonObject layout = Plotly.baseLayout(title);
        JsonObject x = Plotly.axisTitled(xTitle, AxisScale.LINEAR);
        x.addProperty("type", "category");
        JsonObject y = Plotly.axisTitled(yTitle, AxisScale.LINEAR);
        y.addProperty("type", "category");
        y.addProperty("autorange", "reversed");
        layout.add("xaxis", x);
        layout.add("yaxis", y);
        return new Chart(
                Plotly.figure(single(heatmapTrace(z, columnLabels, rowLabels, "Viridis")), layout));
    }

    /**
     * Grouped bars: one bar per category in each group, groups side by side (for example ‖F(x)‖/‖x‖
     * per residual block, pretrained versus random weights).
     */
    public static Chart bars(
            String title,
            String xTitle,
            String yTitle,
            List<String> categories,
            BarGroup... groups) {
        JsonArray data = new JsonArray();
        for (int i = 0; i < groups.length; i++) {
            BarGroup g = groups[i];
            if (g.values().length != categories.size()) {
                throw new IllegalArgumentException(
                        "Bar group '"
                                + g.name()
                                + "' has "
                                + g.values().length
                                + " values for "
                                + categories.size()
                                + " categories.");
            }
            JsonObject t = new JsonObject();
            t.addProperty("type", "bar");
            t.addProperty("name", g.name());
            t.add("x", Plotly.strings(categories));
            t.add("y", Plotly.numbers(g.values()));
            JsonObject marker = new JsonObject();
            marker.addProperty("color", color(i));
            t.add("marker", marker);
            data.add(t);
        }
        JsonObject layout = Plotly.baseLayout(title);
        JsonObject x = Plotly.axisTitled(xTitle, AxisScale.LINEAR);
        x.addProperty("type", "category");
        layout.add("xaxis", x);
        layout.add("yaxis", Plotly.axisTitled(yTitle, AxisScale.LINEAR));
        layout.addProperty("barmode", "group");
        return new Chart(Plotly.figure(data, layout));
    }

    /**
     * Small heat maps side by side, {@code columns} per row, each titled (feature maps of x, F(x)
     * and x + F(x); the channels of one layer). Each map keeps its own colour range, as {@code
     * imshow} does, and is drawn with square pixels, first row at the top.
     */
    public static Chart featureMaps(
            String title, List<String> titles, List<double[][]> maps, int columns) {
        return featureMaps(title, titles, maps, columns, ColourRange.PER_MAP);
    }

    /**
     * Small heat maps side by side, {@code columns} per row, each titled, with the colours chosen
     * as {@code range} says: {@link ColourRange#SHARED_DIVERGING} puts every map on one scale
     * symmetric around zero, with one colour bar, so that their magnitudes can be compared.
     */
    public static Chart featureMaps(
            String title,
            List<String> titles,
            List<double[][]> maps,
            int columns,
            ColourRange range) {
        if (titles.size() != maps.size()) {
            throw new IllegalArgumentException(
                    titles.size() + " titles for " + maps.size() + " feature maps; give one each.");
        }
        double limit = 0;
        for (double[][] m : maps) {
            for (double[] row : m) {
                for (double v : row) {
                    limit = Double.isFinite(v) ? Math.max(limit, Math.abs(v)) : limit;
                }
            }
        }
        limit = limit == 0 ? 1 : limit;
        List<Chart> cells = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            boolean shared = range == ColourRange.SHARED_DIVERGING;
            JsonObject t = heatmapTrace(maps.get(i), null, null, shared ? "RdBu" : "Viridis");
            t.addProperty("showscale", false);
            if (shared) {
                t.addProperty("reversescale", true); // plotly's RdBu runs red (low) to blue
                t.addProperty("zmin", -limit);
                t.addProperty("zmax", limit);
                t.addProperty("zmid", 0);
            }
            JsonObject layout = Plotly.baseLayout(titles.get(i));
            JsonObject x = new JsonObject();
            x.addProperty("visible", false);
            x.addProperty("constrain", "domain");
            JsonObject y = new JsonObject();
            y.addProperty("visible", false);
            y.addProperty("autorange", "reversed");
            y.addProperty("scaleanchor", "x");
            y.addProperty("constrain", "domain");
            layout.add("xaxis", x);
            layout.add("yaxis", y);
            cells.add(new Chart(Plotly.figure(single(t), layout)));
        }
        int rows = (cells.size() + columns - 1) / columns;
        Chart grid =
                grid(title, columns, cells.toArray(Chart[]::new))
                        .withSize(0, 80 + rows * Math.max(140, 700 / Math.max(1, columns)));
        if (range == ColourRange.SHARED_DIVERGING) {
            // One colour bar for the shared scale (grid() hides every heat map's own).
            JsonObject f = grid.toJson();
            f.getAsJsonArray("data").get(0).getAsJsonObject().addProperty("showscale", true);
            return new Chart(f);
        }
        return grid;
    }

    /**
     * The first {@code count} channels of one feature-map tensor of shape (C, H, W) or (1, C, H,
     * W), titled "{@code prefix} c".
     */
    public static Chart featureMaps(String title, NDArray maps, int count, int columns) {
        long[] shape = maps.getShape().getShape();
        if (shape.length == 4 && shape[0] == 1) {
            shape = Arrays.copyOfRange(shape, 1, 4);
        }
        if (shape.length != 3) {
            throw new IllegalArgumentException(
                    "Feature maps must have shape (C, H, W) or (1, C, H, W), got "
                            + maps.getShape());
        }
        int c = (int) Math.min(count, shape[0]);
        int h = (int) shape[1];
        int w = (int) shape[2];
        float[] v = maps.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        List<String> titles = new ArrayList<>();
        List<double[][]> list = new ArrayList<>();
        for (int ch = 0; ch < c; ch++) {
            double[][] m = new double[h][w];
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    m[r][col] = v[(ch * h + r) * w + col];
                }
            }
            list.add(m);
            titles.add("channel " + ch);
        }
        return featureMaps(title, titles, list, columns);
    }

    // ---- several charts in one ----

    /**
     * Several charts in one figure, {@code columns} per row, each keeping its axes, titles, scales
     * and stage lines (a dashboard). Traces with the same name share one legend entry and colour.
     */
    public static Chart grid(String title, int columns, Chart... charts) {
        if (columns < 1 || charts.length == 0) {
            throw new IllegalArgumentException(
                    "A grid needs at least one chart and one column, got "
                            + charts.length
                            + " charts in "
                            + columns
                            + " columns.");
        }
        int rows = (charts.length + columns - 1) / columns;
        JsonArray data = new JsonArray();
        JsonObject layout = Plotly.baseLayout(title);
        layout.getAsJsonObject("margin").addProperty("t", 80);
        Set<String> named = new HashSet<>();
        double gapX = 0.07;
        double gapY = rows > 1 ? 0.22 : 0;
        for (int i = 0; i < charts.length; i++) {
            String s = i == 0 ? "" : String.valueOf(i + 1);
            JsonObject f = charts[i].toJson();
            JsonObject sub = Chart.layout(f);
            int col = i % columns;
            int row = i / columns;
            double x0 = (double) col / columns + (col > 0 ? gapX / 2 : 0);
            double x1 = (double) (col + 1) / columns - (col < columns - 1 ? gapX / 2 : 0);
            double y1 = 1 - (double) row / rows - (row > 0 ? gapY / 2 : 0);
            double y0 = 1 - (double) (row + 1) / rows + (row < rows - 1 ? gapY / 2 : 0);
            for (JsonElement e : f.getAsJsonArray("data")) {
                JsonObject t = e.getAsJsonObject();
                t.addProperty("xaxis", "x" + s);
                t.addProperty("yaxis", "y" + s);
                String name = t.has("name") ? t.get("name").getAsString() : "";
                if ("heatmap".equals(t.has("type") ? t.get("type").getAsString() : "")) {
                    t.addProperty("showscale", false);
                } else if (!name.isEmpty()) {
                    t.addProperty("legendgroup", name);
                    t.addProperty("showlegend", named.add(name));
                }
                data.add(t);
            }
            JsonObject xa = sub.has("xaxis") ? sub.getAsJsonObject("xaxis") : new JsonObject();
            JsonObject ya = sub.has("yaxis") ? sub.getAsJsonObject("yaxis") : new JsonObject();
            xa.add("domain", range(x0, x1));
            xa.addProperty("anchor", "y" + s);
            ya.add("domain", range(y0, y1));
            ya.addProperty("anchor", "x" + s);
            if (ya.has("scaleanchor")) {
                ya.addProperty("scaleanchor", "x" + s);
            }
            layout.add("xaxis" + s, xa);
            layout.add("yaxis" + s, ya);
            for (String kind : List.of("shapes", "annotations")) {
                if (sub.has(kind)) {
                    for (JsonElement e : sub.getAsJsonArray(kind)) {
                        JsonObject o = e.getAsJsonObject();
                        renameRef(o, "xref", "x", s);
                        renameRef(o, "yref", "y", s);
                        Plotly.array(layout, kind).add(o);
                    }
                }
            }
            String subTitle = charts[i].title();
            if (!subTitle.isEmpty()) {
                JsonObject a = new JsonObject();
                a.addProperty("xref", "x" + s + " domain");
                a.addProperty("yref", "y" + s + " domain");
                a.addProperty("x", 0.5);
                a.addProperty("y", 1.0);
                a.addProperty("yshift", 8);
                a.addProperty("xanchor", "center");
                a.addProperty("yanchor", "bottom");
                a.addProperty("showarrow", false);
                a.addProperty("text", "<b>" + escape(subTitle) + "</b>");
                Plotly.array(layout, "annotations").add(a);
            }
        }
        layout.addProperty("height", 80 + rows * 360);
        return new Chart(Plotly.figure(data, layout));
    }

    /**
     * The 2×2 training dashboard of lesson 04: train/valid loss, train/valid accuracy, learning
     * rate on a log axis, and the confusion matrix.
     */
    public static Chart dashboard(Table epochs, long[][] confusion, List<String> classNames) {
        return grid(
                "Training summary",
                2,
                loss(epochs),
                accuracy(epochs),
                learningRate(epochs),
                confusionMatrix(confusion, classNames));
    }

    // ---- helpers ----

    /** Significant digits of a heat map's cells: 4 exceed what a colour scale shows. */
    private static final int HEATMAP_DIGITS = 4;

    private static JsonObject heatmapTrace(
            double[][] z, List<String> columnLabels, List<String> rowLabels, String colorscale) {
        if (z.length == 0) {
            throw new IllegalArgumentException("A heat map needs at least one row.");
        }
        JsonArray rows = new JsonArray(z.length);
        for (double[] r : z) {
            if (r.length != z[0].length) {
                throw new IllegalArgumentException(
                        "Heat map rows differ in length: " + r.length + " vs " + z[0].length);
            }
            rows.add(Plotly.numbers(r, HEATMAP_DIGITS));
        }
        JsonObject t = new JsonObject();
        t.addProperty("type", "heatmap");
        t.add("z", rows);
        if (columnLabels != null) {
            t.add("x", Plotly.strings(unique("column", columnLabels, z[0].length)));
        }
        if (rowLabels != null) {
            t.add("y", Plotly.strings(unique("row", rowLabels, z.length)));
        }
        t.addProperty("colorscale", colorscale);
        return t;
    }

    private static List<String> unique(String what, List<String> labels, int expected) {
        if (labels.size() != expected) {
            throw new IllegalArgumentException(
                    labels.size() + " " + what + " labels for " + expected + " " + what + "s.");
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String l : labels) {
            if (seen.put(Objects.requireNonNull(l, what + " label"), 1) != null) {
                throw new IllegalArgumentException(
                        "The " + what + " label '" + l + "' appears twice; labels must be unique.");
            }
        }
        return labels;
    }

    private static void renameRef(JsonObject o, String key, String axis, String suffix) {
        if (!o.has(key)) {
            return;
        }
        String ref = o.get(key).getAsString();
        if (ref.equals(axis)) {
            o.addProperty(key, axis + suffix);
        } else if (ref.equals(axis + " domain")) {
            o.addProperty(key, axis + suffix + " domain");
        }
    }

    private static JsonArray range(double from, double to) {
        JsonArray a = new JsonArray();
        a.add(from);
        a.add(to);
        return a;
    }

    private static JsonArray single(JsonObject trace) {
        JsonArray a = new JsonArray();
        a.add(trace);
        return a;
    }

    private static String color(int i) {
        return Plotly.PALETTE.get(i % Plotly.PALETTE.size());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
