package io.github.resnetcourse.kit.examples;

import ai.djl.ndarray.NDArray;
import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.plot.BarGroup;
import io.github.resnetcourse.kit.plot.Chart;
import io.github.resnetcourse.kit.plot.Charts;
import io.github.resnetcourse.kit.plot.ImageGrid;
import io.github.resnetcourse.kit.plot.MetricColumns;
import io.github.resnetcourse.kit.plot.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every chart of lessons 00–07 as the lesson cells call it, one method per cell. The training
 * tables are generated here (a smooth curve plus seeded noise) in the shape the training loop's
 * history converts to; the gallery test runs every method and renders the outputs in Chromium.
 */
public final class ChartExamples {
    /** Class names of CIFAR-10, as lesson 02 prints them. */
    public static final List<String> CIFAR10 =
            List.of(
                    "airplane",
                    "automobile",
                    "bird",
                    "cat",
                    "deer",
                    "dog",
                    "frog",
                    "horse",
                    "ship",
                    "truck");

    private ChartExamples() {}

    /** Lesson 00: a tiny chart proves rendering works. */
    public static DisplayHandle setupCheck() {
        return Charts.show(
                Charts.lines(
                        "Rendering check",
                        "x",
                        "x squared",
                        Series.of("x²", new double[] {0, 1, 2, 3}, new double[] {0, 1, 4, 9})));
    }

    /** Lesson 01: the same network from random and from pretrained weights. */
    public static DisplayHandle pretrainedVersusRandom() {
        Table random = epochs("random init", 10, 0, 0.9, 1);
        Table pretrained = epochs("pretrained", 10, 0, 0.4, 2);
        return Charts.show(
                Charts.compare(
                        "Validation accuracy: pretrained start vs random start",
                        "valid accuracy",
                        MetricColumns.VALID_ACCURACY,
                        ordered("random init", random, "pretrained", pretrained)));
    }

    /** Lesson 02: loss per iteration, the stage change marked. */
    public static DisplayHandle iterationLoss() {
        return Charts.show(Charts.iterationLoss(batches(6, 120, 2)));
    }

    /** Lesson 02: accuracy and loss per epoch, train vs test, frozen then unfrozen. */
    public static void epochCurves() {
        Table h = epochs("resnet18", 8, 3, 0.5, 3);
        Charts.show(Charts.loss(h));
        Charts.show(Charts.accuracy(h));
    }

    /** Lesson 02: ResNet18 versus AlexNet test accuracy per epoch. */
    public static DisplayHandle resnetVersusAlexNet() {
        return Charts.show(
                Charts.compare(
                        "Test accuracy: ResNet18 vs AlexNet",
                        "test accuracy",
                        MetricColumns.VALID_ACCURACY,
                        ordered(
                                "ResNet18",
                                epochs("ResNet18", 12, 5, 0.45, 4),
                                "AlexNet",
                                epochs("AlexNet", 12, 5, 0.7, 5))));
    }

    /** Lesson 03: learning rate per epoch on a log axis across both stages. */
    public static DisplayHandle learningRate() {
        return Charts.show(Charts.learningRate(epochs("resnet152", 30, 20, 0.4, 6)));
    }

    /** Lesson 04: the 2×2 dashboard. */
    public static DisplayHandle dashboard() {
        List<String> birds = List.of("crow", "owl", "parrot", "sparrow");
        long[][] cm = {{28, 1, 0, 1}, {2, 25, 1, 0}, {0, 0, 30, 2}, {1, 0, 3, 19}};
        return Charts.show(Charts.dashboard(epochs("resnet50v2", 15, 0, 0.5, 7), cm, birds));
    }

    /** Lesson 02/04: a confusion matrix with class names. */
    public static DisplayHandle confusionMatrix() {
        Random r = new Random(8);
        long[][] cm = new long[10][10];
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                cm[t][p] = t == p ? 70 + r.nextInt(25) : r.nextInt(6);
            }
        }
        return Charts.show(Charts.confusionMatrix(cm, CIFAR10));
    }

    /** Lesson 05: ‖F(x)‖/‖x‖ per residual block, pretrained versus random weights. */
    public static DisplayHandle residualRatios() {
        List<String> blocks = new ArrayList<>();
        for (int layer = 1; layer <= 4; layer++) {
            for (int b = 0; b < 2; b++) {
                blocks.add("layer" + layer + "." + b);
            }
        }
        double[] pretrained = {0.31, 0.22, 0.45, 0.28, 0.52, 0.33, 0.61, 0.74};
        double[] random = {0.93, 0.88, 0.97, 0.91, 1.02, 0.95, 1.05, 0.99};
        return Charts.show(
                Charts.bars(
                        "‖F(x)‖ / ‖x‖ per block",
                        "block",
                        "‖F(x)‖ / ‖x‖",
                        blocks,
                        new BarGroup("pretrained", pretrained),
                        new BarGroup("random init", random)));
    }

    /** Lesson 05: feature maps of x, F(x) and x + F(x) for one block. */
    public static DisplayHandle featureMaps() {
        int n = 16;
        double[][] x = new double[n][n];
        double[][] f = new double[n][n];
        double[][] sum = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                x[r][c] = Math.sin(r / 3.0) + Math.cos(c / 4.0);
                f[r][c] = 0.2 * Math.sin((r + c) / 2.0);
                sum[r][c] = x[r][c] + f[r][c];
            }
        }
        return Charts.show(
                Charts.featureMaps(
                        "layer1.0, channel 0",
                        List.of("x", "F(x)", "x + F(x)"),
                        List.of(x, f, sum),
                        3));
    }

    /** Any lesson: a figure made directly with tablesaw-jsplot is shown the same way. */
    public static DisplayHandle tablesawFigure() {
        Table h = epochs("tablesaw", 8, 0, 0.5, 10);
        return Charts.show(
                tech.tablesaw.plotly.api.LinePlot.create(
                        "Valid loss (tablesaw LinePlot)",
                        h,
                        MetricColumns.EPOCH,
                        MetricColumns.VALID_LOSS));
    }

    /**
     * Lessons 02, 03, 06: a batch of validation images (as the model saw them, normalised), titled
     * "predicted (true)", green when right and red when wrong.
     */
    public static ImageGrid predictionGrid(ai.djl.ndarray.NDManager manager) {
        float[] mean = {0.4914f, 0.4822f, 0.4465f};
        float[] std = {0.2023f, 0.1994f, 0.2010f};
        int n = 8;
        float[] v = new float[n * 3 * 32 * 32];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean inShape = Math.hypot(x - 16, y - 16) < 6 + i; // a disc per image
                    for (int c = 0; c < 3; c++) {
                        float colour = inShape ? (c == i % 3 ? 0.9f : 0.2f) : 0.1f + 0.02f * y;
                        v[((i * 3 + c) * 32 + y) * 32 + x] = (colour - mean[c]) / std[c];
                    }
                }
            }
        }
        NDArray batch = manager.create(v, new ai.djl.ndarray.types.Shape(n, 3, 32, 32));
        int[] predicted = {3, 8, 8, 0, 6, 6, 1, 6};
        int[] truth = {3, 8, 1, 0, 6, 3, 1, 6};
        ImageGrid grid =
                ImageGrid.builder()
                        .setImages(batch)
                        .optNormalization(mean, std)
                        .optPredictions(predicted, truth, CIFAR10)
                        .optColumns(4)
                        .build();
        grid.show();
        return grid;
    }

    /** Lesson 07: a monitor that redraws loss, accuracy and learning rate after every epoch. */
    public static DisplayHandle liveMonitor(int epochs) {
        Table all = epochs("toolbox", epochs, 0, 0.5, 9);
        DisplayHandle handle = null;
        for (int e = 1; e <= epochs; e++) {
            Table sofar = all.first(e);
            Chart monitor =
                    Charts.grid(
                            "Training monitor (epoch " + e + ")",
                            3,
                            Charts.loss(sofar),
                            Charts.accuracy(sofar),
                            Charts.learningRate(sofar));
            if (handle == null) {
                handle = Charts.show(monitor);
            } else {
                Charts.update(handle, monitor);
            }
        }
        return handle;
    }

    /**
     * A generated per-epoch history: loss falls and accuracy rises towards {@code 1 - floor}; the
     * first {@code frozen} epochs are stage "frozen", the rest "unfrozen" (or "training").
     */
    public static Table epochs(String name, int count, int frozen, double floor, long seed) {
        Random r = new Random(seed);
        IntColumn epoch = IntColumn.create(MetricColumns.EPOCH);
        DoubleColumn trainLoss = DoubleColumn.create(MetricColumns.TRAIN_LOSS);
        DoubleColumn validLoss = DoubleColumn.create(MetricColumns.VALID_LOSS);
        DoubleColumn trainAcc = DoubleColumn.create(MetricColumns.TRAIN_ACCURACY);
        DoubleColumn validAcc = DoubleColumn.create(MetricColumns.VALID_ACCURACY);
        DoubleColumn lr = DoubleColumn.create(MetricColumns.LEARNING_RATE);
        StringColumn stage = StringColumn.create(MetricColumns.STAGE);
        for (int e = 1; e <= count; e++) {
            epoch.append(e);
            double progress = 1 - Math.exp(-e / 3.0);
            double noise = 0.02 * r.nextGaussian();
            trainLoss.append(2.3 * (1 - progress) + floor * progress + noise);
            validLoss.append(2.3 * (1 - progress) + (floor + 0.1) * progress - noise);
            trainAcc.append(Math.min(1, 0.1 + (0.85 - floor / 3) * progress + noise));
            validAcc.append(Math.min(1, 0.1 + (0.88 - floor / 3) * progress - noise));
            boolean isFrozen = e <= frozen;
            lr.append(isFrozen ? 1e-3 : 1e-4 * Math.pow(0.5, (e - frozen - 1) / 3));
            stage.append(frozen == 0 ? "training" : isFrozen ? "frozen" : "unfrozen");
        }
        return Table.create(name, epoch, trainLoss, validLoss, trainAcc, validAcc, lr, stage);
    }

    /**
     * A generated per-batch loss table over {@code epochs} epochs, the first {@code frozen} frozen.
     */
    public static Table batches(int epochs, int perEpoch, int frozen) {
        Random r = new Random(11);
        IntColumn it = IntColumn.create(MetricColumns.ITERATION);
        DoubleColumn loss = DoubleColumn.create(MetricColumns.LOSS);
        StringColumn stage = StringColumn.create(MetricColumns.STAGE);
        for (int i = 1; i <= epochs * perEpoch; i++) {
            it.append(i);
            loss.append(0.4 + 1.9 * Math.exp(-i / 150.0) + 0.15 * Math.abs(r.nextGaussian()));
            stage.append(i <= frozen * perEpoch ? "frozen" : "unfrozen");
        }
        return Table.create("batches", it, loss, stage);
    }

    private static Map<String, Table> ordered(String a, Table ta, String b, Table tb) {
        Map<String, Table> m = new LinkedHashMap<>();
        m.put(a, ta);
        m.put(b, tb);
        return m;
    }
}
