package io.github.resnetcourse.kit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.eval.ConfusionMatrix;
import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.Notebook;
import io.github.resnetcourse.kit.train.BatchRecord;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Charts read a training {@link History} as the learner fills it (through its callback hooks). */
class HistoryChartsTest {
    private final DisplaySink original = Notebook.sink();

    @AfterEach
    void restore() {
        Notebook.install(original);
        PlotlyLibrary.reset();
    }

    /** Two frozen and two unfrozen epochs of three batches; the last epoch not validated. */
    private static History fineTuneHistory() {
        History h = new History();
        long iteration = 0;
        for (int e = 1; e <= 4; e++) {
            for (int b = 1; b <= 3; b++) {
                h.afterBatch(
                        null,
                        new BatchRecord(
                                ++iteration,
                                e,
                                b,
                                2.0 / (iteration + 1),
                                20,
                                32,
                                1e-3,
                                e <= 2 ? "frozen" : "unfrozen"));
            }
            String stage = e <= 2 ? "frozen" : "unfrozen";
            double valid = e == 4 ? Double.NaN : 1.0 / e;
            h.afterEpoch(
                    null,
                    new EpochRecord(
                            e,
                            stage,
                            1.2 / e,
                            0.5 + 0.1 * e,
                            valid,
                            0.6,
                            e <= 2 ? 1e-3 : 1e-4,
                            3.0,
                            3));
        }
        return h;
    }

    @Test
    void iterationLossMarksTheFirstBatchOfTheUnfrozenStage() {
        JsonObject layout =
                Charts.iterationLoss(fineTuneHistory()).toJson().getAsJsonObject("layout");
        var shapes = layout.getAsJsonArray("shapes");
        assertEquals(1, shapes.size());
        assertEquals(6.5, shapes.get(0).getAsJsonObject().get("x0").getAsDouble());
        assertEquals(
                "iteration",
                layout.getAsJsonObject("xaxis").getAsJsonObject("title").get("text").getAsString());
    }

    @Test
    void epochChartsReadTheHistoryTableAndLeaveUnvalidatedEpochsAsGaps() {
        History h = fineTuneHistory();
        Chart loss = Charts.loss(h);
        assertEquals(List.of("train", "valid"), loss.traceNames());
        JsonObject valid = loss.toJson().getAsJsonArray("data").get(1).getAsJsonObject();
        assertEquals("[1.0,0.5,0.33333334,null]", valid.get("y").toString());
        assertEquals(
                2.5,
                loss.toJson()
                        .getAsJsonObject("layout")
                        .getAsJsonArray("shapes")
                        .get(0)
                        .getAsJsonObject()
                        .get("x0")
                        .getAsDouble());
        Chart acc = Charts.accuracy(h);
        assertEquals(
                60.0, // percent
                acc.toJson()
                        .getAsJsonArray("data")
                        .get(0)
                        .getAsJsonObject()
                        .getAsJsonArray("y")
                        .get(0)
                        .getAsDouble(),
                1e-6);
        assertEquals(
                "log",
                Charts.learningRate(h)
                        .toJson()
                        .getAsJsonObject("layout")
                        .getAsJsonObject("yaxis")
                        .get("type")
                        .getAsString());
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.add(0, 0);
        cm.add(1, 0);
        Chart d = Charts.dashboard(h, cm, List.of("cat", "dog"));
        assertEquals(
                "[[1.0,0.0],[1.0,0.0]]",
                d.toJson()
                        .getAsJsonArray("data")
                        .get(d.traceNames().size() - 1)
                        .getAsJsonObject()
                        .get("z")
                        .toString());
    }

    @Test
    void epochMetricsShowsLossAndAccuracySideBySideWithTheirStageLines() {
        Chart c = Charts.epochMetrics(fineTuneHistory());
        JsonObject layout = c.toJson().getAsJsonObject("layout");
        assertEquals(
                "loss",
                layout.getAsJsonObject("yaxis").getAsJsonObject("title").get("text").getAsString());
        assertEquals(
                "accuracy (%)",
                layout.getAsJsonObject("yaxis2")
                        .getAsJsonObject("title")
                        .get("text")
                        .getAsString());
        assertEquals(2, layout.getAsJsonArray("shapes").size(), "one stage line per cell");
        assertEquals(List.of("train", "valid", "train", "valid"), c.traceNames());
    }

    @Test
    void accuracyIsDrawnInPercentLikeTablesAndProse() {
        History h = fineTuneHistory();
        assertPercent(Charts.accuracy(h), h.trainAccuracy());
        assertPercent(
                Charts.compareAccuracy("Test accuracy per epoch", "ResNet18", h),
                h.validAccuracy());
    }

    private static void assertPercent(Chart c, double[] fractions) {
        JsonObject f = c.toJson();
        assertEquals(
                "accuracy (%)",
                f.getAsJsonObject("layout")
                        .getAsJsonObject("yaxis")
                        .getAsJsonObject("title")
                        .get("text")
                        .getAsString());
        var y = f.getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("y");
        for (int i = 0; i < fractions.length; i++) {
            assertEquals(100 * fractions[i], y.get(i).getAsDouble(), 1e-3, c.title());
        }
    }

    @Test
    void historyTablesUseTheColumnNamesChartsRead() {
        Chart acc = Charts.accuracy(fineTuneHistory().toTable());
        assertEquals(List.of("train", "valid"), acc.traceNames());
        assertEquals(1, acc.toJson().getAsJsonObject("layout").getAsJsonArray("shapes").size());
    }

    @Test
    void compareAccuracyKeepsTheGivenOrderAndNamesBadArguments() {
        Chart c =
                Charts.compareAccuracy(
                        "Test accuracy",
                        "ResNet18",
                        fineTuneHistory(),
                        "AlexNet",
                        fineTuneHistory());
        assertEquals(List.of("ResNet18", "AlexNet"), c.traceNames());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Charts.compareAccuracy("t", fineTuneHistory(), "x"));
        assertTrue(e.getMessage().contains("must be a name and a History"), e.getMessage());
    }

    @Test
    void trainingMonitorShowsOnceThenRedrawsInPlace() {
        RecordingNotebook nb = new RecordingNotebook();
        Notebook.install(nb);
        nb.cell("learner.fit(4)");
        TrainingMonitor monitor = new TrainingMonitor();
        History h = fineTuneHistory();
        monitor.redraw(h);
        monitor.redraw(h);
        monitor.redraw(h);
        assertEquals(1, nb.shown().size(), "one chart, updated in place, and no plotly.js");
        assertTrue(nb.shown().get(0).plain().startsWith("[chart] Training monitor (epoch 4)"));
    }
}
