package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @Test
    void mediansOverRepeatsAndKitRatiosPerCase(@TempDir Path dir) throws Exception {
        BenchReport report = new BenchReport();
        double[][] kit = {{100, 400, 900}, {120, 380, 1000}, {90, 420, 950}};
        double[][] torch = {{80, 400, 1000}, {100, 400, 1000}, {200, 400, 1000}};
        for (int r = 0; r < 3; r++) {
            report.add(run(r + 1, Contender.KIT, kit[r]));
            report.add(run(r + 1, Contender.TORCH_DEBIAN, torch[r]));
        }
        List<BenchReport.Summary> summaries = report.summaries();
        assertEquals(2, summaries.size());
        assertEquals(100, summaries.get(0).trainImagesPerSecond());
        assertEquals(400, summaries.get(0).evalImagesPerSecond());
        assertEquals(950, summaries.get(0).peakRssMb());
        assertEquals(3, summaries.get(0).repeats());
        String table = report.table();
        assertTrue(table.contains("1.00× / 1.00× / 0.95×"), table);

        report.write(dir);
        List<String> csv = Files.readAllLines(dir.resolve("runs.csv"));
        assertEquals(7, csv.size());
        assertEquals("1,32px-b128-full,kit,\"kit\",100.00,400.00,900.0", csv.get(1));
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"repeats\": 3"));
    }

    private static BenchReport.Run run(int repeat, Contender contender, double[] values) {
        return new BenchReport.Run(
                repeat,
                "32px-b128-full",
                contender,
                new Measurement(values[0], values[1], values[2], contender.label()));
    }
}
