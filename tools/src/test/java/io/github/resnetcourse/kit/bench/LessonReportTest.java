package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonReportTest {

    private static StageMeasurement m(double seconds, double peak, long trainable) {
        return new StageMeasurement(
                seconds, 2 * seconds, 640 / seconds, peak, 11_181_642, trainable, 2.3, "x \"y\"");
    }

    private static LessonReport report() {
        LessonReport r = new LessonReport(10);
        LessonStage s = LessonStage.RESNET18_FROZEN;
        r.add(new LessonReport.Run(1, s, LessonSide.KIT, m(4, 330, 5130), 1.0));
        r.add(new LessonReport.Run(1, s, LessonSide.SEED, m(5, 300, 5130), 1.5));
        r.add(new LessonReport.Run(2, s, LessonSide.KIT, m(6, 340, 5130), 2.0));
        r.add(new LessonReport.Run(2, s, LessonSide.SEED, m(5, 310, 5130), 2.5));
        r.add(new LessonReport.Run(3, s, LessonSide.KIT, m(5, 350, 5130), 2.0));
        r.add(new LessonReport.Run(3, s, LessonSide.SEED, m(10, 320, 5130), 2.5));
        LessonStage a = LessonStage.ALEXNET_UNFROZEN;
        r.add(new LessonReport.Run(1, a, LessonSide.KIT, m(12, 2000, 57_023_306), 1.0));
        r.add(new LessonReport.Run(1, a, LessonSide.SEED, m(10, 1500, 57_023_306), 1.0));
        return r;
    }

    @Test
    void ratiosAreOfTheMediansOfEachSide() {
        List<LessonReport.Summary> summaries = report().summaries();
        assertEquals(2, summaries.size());
        LessonReport.Summary resnet = summaries.get(0);
        assertEquals(5.0, resnet.kit().seconds(), 1e-9);
        assertEquals(5.0, resnet.seed().seconds(), 1e-9);
        assertEquals(1.0, resnet.timeRatio(), 1e-9);
        assertEquals(340.0 / 310.0, resnet.memoryRatio(), 1e-9);
        assertEquals(3, resnet.runs());
        assertTrue(resnet.meetsGoal());
        LessonReport.Summary alexnet = summaries.get(1);
        assertEquals(1.2, alexnet.timeRatio(), 1e-9);
        assertFalse(alexnet.meetsGoal());
    }

    @Test
    void theTableSaysWhichGoalAStageMissed() {
        String table = report().table();
        assertTrue(
                table.contains(
                        "| 02-resnet18-frozen | 64 × 10 | 5.0 | 5.0 | 128.0 | 128.0 | 1.00× | 1.00× | 340 |"
                                + " 310 | 1.10× | met |"),
                table);
        assertTrue(
                table.contains("| 1.20× | 1.20× | 2000 | 1500 | 1.33× | missed (slower, memory) |"),
                table);
    }

    @Test
    void differentModelsAreFlaggedAndAStageRunOnOneSideIsLeftOut() {
        LessonReport r = new LessonReport(0);
        LessonStage s = LessonStage.RESNET152_FROZEN;
        r.add(new LessonReport.Run(1, s, LessonSide.KIT, m(4, 3000, 209_100), 1.0));
        r.add(new LessonReport.Run(1, s, LessonSide.SEED, m(5, 3000, 58_353_702), 1.0));
        r.add(
                new LessonReport.Run(
                        1, LessonStage.RESNET152_UNFROZEN, LessonSide.KIT, m(1, 1, 1), 0));
        assertEquals(1, r.summaries().size());
        assertFalse(r.summaries().get(0).sameModel());
        assertEquals(2, r.summaries().get(0).batches());
        assertTrue(r.table().contains("models differ: not comparable"), r.table());
    }

    @Test
    void writesEveryRunTheSummaryAndTheTable(@TempDir Path dir) throws Exception {
        LessonReport r = report();
        r.write(dir);
        List<String> csv = Files.readAllLines(dir.resolve("runs.csv"));
        assertEquals(
                "repeat,stage,side,runtime,seconds,cpu_seconds,images_per_s,peak_rss_mb,parameters,trainable,"
                        + "first_loss,load_1min",
                csv.get(0));
        assertEquals(9, csv.size());
        assertEquals(
                "1,02-resnet18-frozen,kit,\"x 'y'\",4.000,8.000,160.00,330.0,11181642,5130,2.3000,1.00",
                csv.get(1));
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"timeRatio\": 1.2"));
        assertEquals(r.table(), Files.readString(dir.resolve("table.md")));
    }
}
