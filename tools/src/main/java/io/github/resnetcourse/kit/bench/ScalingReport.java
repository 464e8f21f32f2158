package io.github.resnetcourse.kit.bench;

import io.github.resnetcourse.kit.fetch.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of {@code ./course bench scaling}: one row per case and dataset size, and per case
 * how cost per image and memory change from the smallest size to the largest — the two numbers that
 * say whether a pipeline scales linearly with flat memory.
 */
public final class ScalingReport {

    /**
     * One measured run.
     *
     * @param scalingCase what ran
     * @param scale the dataset's size as a multiple of the base size
     * @param measurement what the child process measured
     */
    public record Row(ScalingCase scalingCase, int scale, ScalingMeasurement measurement) {}

    /**
     * How one case grew from its smallest measured size to its largest.
     *
     * @param scalingCase the case
     * @param fromScale the smallest size measured
     * @param toScale the largest size measured
     * @param costPerImageRatio wall-clock seconds per image at the largest size ÷ at the smallest
     *     (1.0 = linear cost)
     * @param peakRssGrowthMb peak resident memory at the largest size minus at the smallest, in MiB
     * @param anonRssGrowthMb resident anonymous memory (heap and tensors, excluding mapped files)
     *     at the largest size minus at the smallest, in MiB
     */
    public record Growth(
            ScalingCase scalingCase,
            int fromScale,
            int toScale,
            double costPerImageRatio,
            double peakRssGrowthMb,
            double anonRssGrowthMb) {

        /** One line for the console and the docs. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%-20s %d× → %d×: seconds per image ×%.2f, peak RSS %+.0f MiB, anonymous RSS"
                            + " %+.0f MiB",
                    scalingCase.label(),
                    fromScale,
                    toScale,
                    costPerImageRatio,
                    peakRssGrowthMb,
                    anonRssGrowthMb);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    /**
     * Adds a run.
     *
     * @param row the run
     */
    public void add(Row row) {
        rows.add(row);
    }

    /** The runs in the order they were added. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * Per case with at least two sizes: the growth from its smallest to its largest size.
     *
     * @return in the order cases were first measured
     */
    public List<Growth> growth() {
        Map<ScalingCase, List<Row>> byCase = new LinkedHashMap<>();
        for (Row r : rows) {
            byCase.computeIfAbsent(r.scalingCase(), k -> new ArrayList<>()).add(r);
        }
        List<Growth> out = new ArrayList<>();
        for (Map.Entry<ScalingCase, List<Row>> e : byCase.entrySet()) {
            List<Row> runs = e.getValue();
            Row small = runs.stream().min((a, b) -> Integer.compare(a.scale(), b.scale())).get();
            Row large = runs.stream().max((a, b) -> Integer.compare(a.scale(), b.scale())).get();
            if (small.scale() == large.scale()) {
                continue;
            }
            ScalingMeasurement s = small.measurement();
            ScalingMeasurement l = large.measurement();
            out.add(
                    new Growth(
                            e.getKey(),
                            small.scale(),
                            large.scale(),
                            l.microsecondsPerImage() / s.microsecondsPerImage(),
                            l.peakRssMb() - s.peakRssMb(),
                            l.anonRssMb() - s.anonRssMb()));
        }
        return out;
    }

    /** The table of every run, as printed. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-20s %5s %8s %9s %9s %9s %9s %9s %9s %8s  %s%n",
                        "case",
                        "scale",
                        "images",
                        "seconds",
                        "img/s",
                        "µs/img",
                        "peak MiB",
                        "anon MiB",
                        "file MiB",
                        "heap MiB",
                        "detail"));
        for (Row r : rows) {
            ScalingMeasurement m = r.measurement();
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-20s %4d× %8d %9.2f %9.1f %9.0f %9.0f %9.0f %9.0f %8.0f  %s%n",
                            r.scalingCase().label(),
                            r.scale(),
                            m.images(),
                            m.seconds(),
                            m.imagesPerSecond(),
                            m.microsecondsPerImage(),
                            m.peakRssMb(),
                            m.anonRssMb(),
                            m.fileRssMb(),
                            m.heapMb(),
                            m.detail()));
        }
        return sb.toString();
    }

    /**
     * Writes {@code scaling.csv} (every run) and {@code scaling.txt} (the table and the growth
     * lines) into {@code dir}, each atomically.
     *
     * @param dir the output folder (created if missing)
     * @param header lines written above the table (machine, load, command)
     * @throws IOException if a file cannot be written
     */
    public void write(Path dir, String header) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv =
                new StringBuilder(
                        "case,scale,images,seconds,cpu_seconds,images_per_second,peak_rss_mib,"
                                + "anon_rss_mib,file_rss_mib,heap_mib,detail\n");
        for (Row r : rows) {
            ScalingMeasurement m = r.measurement();
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%s,%d,%d,%.3f,%.3f,%.2f,%.1f,%.1f,%.1f,%.1f,\"%s\"%n",
                            r.scalingCase().label(),
                            r.scale(),
                            m.images(),
                            m.seconds(),
                            m.cpuSeconds(),
                            m.imagesPerSecond(),
                            m.peakRssMb(),
                            m.anonRssMb(),
                            m.fileRssMb(),
                            m.heapMb(),
                            m.detail().replace("\"", "'")));
        }
        StringBuilder text = new StringBuilder(header).append('\n').append(table()).append('\n');
        for (Growth g : growth()) {
            text.append(g.describe()).append('\n');
        }
        writeText(dir.resolve("scaling.csv"), csv.toString());
        writeText(dir.resolve("scaling.txt"), text.toString());
    }

    private static void writeText(Path target, String content) throws IOException {
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    }
}
