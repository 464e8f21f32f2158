package io.github.resnetcourse.kit.bench;

import com.google.gson.GsonBuilder;
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
import java.util.function.ToDoubleFunction;

/** Collects every run, summarises medians per case and contender, prints ratios, writes files. */
public final class BenchReport {

    /**
     * One child run.
     *
     * @param repeat which repetition (1-based)
     * @param caseName e.g. {@code 32px-b128-full}
     * @param contender who ran it
     * @param measurement what it measured
     */
    public record Run(int repeat, String caseName, Contender contender, Measurement measurement) {}

    /**
     * Medians over repeats for one case and contender.
     *
     * @param caseName the case
     * @param contender who ran it
     * @param runtime the runtime's own description
     * @param trainImagesPerSecond median training throughput
     * @param evalImagesPerSecond median evaluation throughput
     * @param peakRssMb median peak resident memory in MiB
     * @param repeats how many runs the medians are over
     */
    public record Summary(
            String caseName,
            Contender contender,
            String runtime,
            double trainImagesPerSecond,
            double evalImagesPerSecond,
            double peakRssMb,
            int repeats) {}

    private final List<Run> runs = new ArrayList<>();

    /**
     * Records one run.
     *
     * @param run the run
     */
    public void add(Run run) {
        runs.add(run);
    }

    /**
     * Returns the medians per case and contender, in the order first run.
     *
     * @return one summary per (case, contender)
     */
    public List<Summary> summaries() {
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (Run run : runs) {
            groups.computeIfAbsent(run.caseName() + "|" + run.contender(), k -> new ArrayList<>())
                    .add(run);
        }
        List<Summary> summaries = new ArrayList<>();
        for (List<Run> group : groups.values()) {
            Run first = group.get(0);
            summaries.add(
                    new Summary(
                            first.caseName(),
                            first.contender(),
                            first.measurement().runtime(),
                            median(group, m -> m.trainImagesPerSecond()),
                            median(group, m -> m.evalImagesPerSecond()),
                            median(group, m -> m.peakRssMb()),
                            group.size()));
        }
        return summaries;
    }

    /**
     * Formats a table: per case, each contender's medians and the kit's ratio to it.
     *
     * @return the table, ready to print
     */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-18s %-14s %10s %10s %9s   %s%n",
                        "case",
                        "runtime",
                        "train im/s",
                        "eval im/s",
                        "peak MiB",
                        "kit ÷ this (train / eval / memory)"));
        List<Summary> summaries = summaries();
        for (Summary s : summaries) {
            Summary kit = find(summaries, s.caseName(), Contender.KIT);
            String ratio =
                    kit == null || s.contender() == Contender.KIT
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "%.2f× / %.2f× / %.2f×",
                                    kit.trainImagesPerSecond() / s.trainImagesPerSecond(),
                                    kit.evalImagesPerSecond() / s.evalImagesPerSecond(),
                                    kit.peakRssMb() / s.peakRssMb());
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-18s %-14s %10.1f %10.1f %9.0f   %s%n",
                            s.caseName(),
                            s.contender().label(),
                            s.trainImagesPerSecond(),
                            s.evalImagesPerSecond(),
                            s.peakRssMb(),
                            ratio));
        }
        return out.toString();
    }

    /**
     * Writes {@code runs.csv} (every run) and {@code summary.json} (medians) into {@code dir}, each
     * atomically.
     *
     * @param dir the output folder, created if needed
     * @throws IOException if writing fails
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv =
                new StringBuilder(
                        "repeat,case,contender,runtime,train_images_per_s,eval_images_per_s,"
                                + "peak_rss_mb\n");
        for (Run run : runs) {
            Measurement m = run.measurement();
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%s,%s,\"%s\",%.2f,%.2f,%.1f%n",
                            run.repeat(),
                            run.caseName(),
                            run.contender().label(),
                            m.runtime(),
                            m.trainImagesPerSecond(),
                            m.evalImagesPerSecond(),
                            m.peakRssMb()));
        }
        writeAtomically(dir.resolve("runs.csv"), csv.toString());
        writeAtomically(
                dir.resolve("summary.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(summaries()));
    }

    private static Summary find(List<Summary> summaries, String caseName, Contender contender) {
        return summaries.stream()
                .filter(s -> s.caseName().equals(caseName) && s.contender() == contender)
                .findFirst()
                .orElse(null);
    }

    private static double median(List<Run> runs, ToDoubleFunction<Measurement> value) {
        double[] values = runs.stream().map(Run::measurement).mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }
}
