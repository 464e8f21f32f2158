package io.github.resnetcourse.kit.bench;

import com.google.gson.GsonBuilder;
import io.github.resnetcourse.kit.fetch.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The runs of {@code ./course bench lessons} and what they sum up to: per stage the medians of each
 * side and the ratios kit ÷ PyTorch of seconds and of peak memory, against the goal (kit seconds ≤
 * 1.0× and peak ≤ 1.1× PyTorch's).
 */
public final class LessonReport {

    /** Kit peak memory may be at most this multiple of PyTorch's. */
    public static final double MEMORY_GOAL = 1.1;

    /**
     * One child's measurement.
     *
     * @param repeat 1-based repeat number
     * @param stage the stage
     * @param side who ran it
     * @param measurement what it measured
     * @param loadBefore the 1-minute load average when the child started
     */
    public record Run(
            int repeat,
            LessonStage stage,
            LessonSide side,
            StageMeasurement measurement,
            double loadBefore) {}

    /**
     * Medians of one stage on both sides.
     *
     * @param stage the stage
     * @param batches timed batches per run
     * @param kit the kit's medians (seconds, images/s, peak MiB)
     * @param seed PyTorch's medians
     * @param timeRatio kit seconds ÷ PyTorch seconds (below 1: the kit is faster)
     * @param cpuRatio kit CPU seconds ÷ PyTorch CPU seconds
     * @param memoryRatio kit peak ÷ PyTorch peak
     * @param sameModel whether both sides report the same parameter and trainable counts
     * @param runs runs per side
     */
    public record Summary(
            LessonStage stage,
            int batches,
            Medians kit,
            Medians seed,
            double timeRatio,
            double cpuRatio,
            double memoryRatio,
            boolean sameModel,
            int runs) {

        /** Whether the stage meets the goal: no slower, and within 1.1× the memory. */
        public boolean meetsGoal() {
            return timeRatio <= 1.0 && memoryRatio <= MEMORY_GOAL;
        }
    }

    /**
     * Medians of one side.
     *
     * @param seconds seconds of the timed batches
     * @param cpuSeconds CPU seconds of the process over the timed batches
     * @param imagesPerSecond images per second
     * @param peakRssMb peak resident memory in MiB
     * @param parameters parameter count (of the first run)
     * @param trainable trainable parameters (of the first run)
     * @param runtime what ran it
     */
    public record Medians(
            double seconds,
            double cpuSeconds,
            double imagesPerSecond,
            double peakRssMb,
            long parameters,
            long trainable,
            String runtime) {}

    private final List<Run> runs = new ArrayList<>();
    private final int batches;

    /**
     * A report whose runs each timed {@code batches} batches.
     *
     * @param batches timed batches per run, or 0 where each stage used its own default
     */
    public LessonReport(int batches) {
        this.batches = batches;
    }

    /** Adds one run. */
    public void add(Run run) {
        runs.add(run);
    }

    /** The runs so far, in the order they ran. */
    public List<Run> runs() {
        return List.copyOf(runs);
    }

    /**
     * The stages that ran on both sides, in the order first run.
     *
     * @return one summary per stage
     */
    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        List<LessonStage> order = runs.stream().map(Run::stage).distinct().toList();
        for (LessonStage stage : order) {
            List<StageMeasurement> kit = side(stage, LessonSide.KIT);
            List<StageMeasurement> seed = side(stage, LessonSide.SEED);
            if (kit.isEmpty() || seed.isEmpty()) {
                continue;
            }
            Medians k = medians(kit);
            Medians s = medians(seed);
            out.add(
                    new Summary(
                            stage,
                            batches > 0 ? batches : stage.defaultTimedBatches(),
                            k,
                            s,
                            k.seconds() / s.seconds(),
                            k.cpuSeconds() / s.cpuSeconds(),
                            k.peakRssMb() / s.peakRssMb(),
                            k.parameters() == s.parameters() && k.trainable() == s.trainable(),
                            Math.min(kit.size(), seed.size())));
        }
        return out;
    }

    /**
     * Formats the table printed at the end and recorded in {@code table.md}: per stage the batches,
     * each side's seconds, images/s and peak MiB, and the ratios kit ÷ PyTorch.
     *
     * @return a Markdown table
     */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(
                "| stage | batch × timed | kit s | PyTorch s | kit im/s | PyTorch im/s | time kit ÷"
                        + " PyTorch | CPU-s kit ÷ PyTorch | kit peak MiB | PyTorch peak MiB |"
                        + " peak kit ÷ PyTorch | goal |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Summary s : summaries()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d × %d | %.1f | %.1f | %.1f | %.1f | %.2f× | %.2f× | %.0f |"
                                    + " %.0f | %.2f× | %s |%n",
                            s.stage().label(),
                            s.stage().batchSize(),
                            s.batches(),
                            s.kit().seconds(),
                            s.seed().seconds(),
                            s.kit().imagesPerSecond(),
                            s.seed().imagesPerSecond(),
                            s.timeRatio(),
                            s.cpuRatio(),
                            s.kit().peakRssMb(),
                            s.seed().peakRssMb(),
                            s.memoryRatio(),
                            verdict(s)));
        }
        return out.toString();
    }

    private static String verdict(Summary s) {
        if (!s.sameModel()) {
            return "models differ: not comparable";
        }
        if (s.meetsGoal()) {
            return "met";
        }
        List<String> missed = new ArrayList<>();
        if (s.timeRatio() > 1.0) {
            missed.add("slower");
        }
        if (s.memoryRatio() > MEMORY_GOAL) {
            missed.add("memory");
        }
        return "missed (" + String.join(", ", missed) + ")";
    }

    /**
     * Writes {@code runs.csv} (every run), {@code summary.json} (medians and ratios) and {@code
     * table.md} (the table) into {@code dir}, each atomically.
     *
     * @param dir the output folder, created if needed
     * @throws IOException if writing fails
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv =
                new StringBuilder(
                        "repeat,stage,side,runtime,seconds,cpu_seconds,images_per_s,peak_rss_mb,parameters,"
                                + "trainable,first_loss,load_1min\n");
        for (Run run : runs) {
            StageMeasurement m = run.measurement();
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%s,%s,\"%s\",%.3f,%.3f,%.2f,%.1f,%d,%d,%.4f,%.2f%n",
                            run.repeat(),
                            run.stage().label(),
                            run.side().label(),
                            m.runtime().replace("\"", "'"),
                            m.seconds(),
                            m.cpuSeconds(),
                            m.imagesPerSecond(),
                            m.peakRssMb(),
                            m.parameters(),
                            m.trainable(),
                            m.firstLoss(),
                            run.loadBefore()));
        }
        write(dir.resolve("runs.csv"), csv.toString());
        write(
                dir.resolve("summary.json"),
                new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(summaries()));
        write(dir.resolve("table.md"), table());
    }

    private List<StageMeasurement> side(LessonStage stage, LessonSide side) {
        return runs.stream()
                .filter(r -> r.stage() == stage && r.side() == side)
                .map(Run::measurement)
                .toList();
    }

    private static Medians medians(List<StageMeasurement> ms) {
        StageMeasurement first = ms.get(0);
        return new Medians(
                median(ms, StageMeasurement::seconds),
                median(ms, StageMeasurement::cpuSeconds),
                median(ms, StageMeasurement::imagesPerSecond),
                median(ms, StageMeasurement::peakRssMb),
                first.parameters(),
                first.trainable(),
                first.runtime());
    }

    static double median(List<StageMeasurement> ms, ToDoubleFunction<StageMeasurement> value) {
        double[] values = ms.stream().mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void write(Path target, String text) throws IOException {
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }
}
