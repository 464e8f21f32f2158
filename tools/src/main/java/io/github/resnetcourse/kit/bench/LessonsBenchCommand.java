package io.github.resnetcourse.kit.bench;

import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./course bench lessons}: each lesson stage trained for a fixed number of batches by the
 * kit's notebook code and by the seed's own PyTorch code, on the same generated data, batch size
 * and threads, each run in a fresh process, kit and PyTorch interleaved; prints seconds, images/s,
 * peak memory and kit ÷ PyTorch per stage and writes {@code runs.csv}, {@code summary.json} and
 * {@code table.md}.
 */
public final class LessonsBenchCommand {

    static final String HELP =
            """
            Usage: ./course bench lessons [options]

            Trains each lesson stage for a fixed number of batches twice: with the kit, as the
            notebook's cells do, and with the seed's own PyTorch code (bench/lessons/seed*.py, the
            blog's code with only the fixes needed to run, each listed in the script). Same
            generated data, batch size and threads; one fresh process per run, kit and PyTorch
            interleaved. Prints seconds, images/s, peak memory (VmHWM) and kit ÷ PyTorch.

              --lessons LIST    02 to 07 and/or stage names (default: all of them):
                                02-resnet18-frozen, 02-resnet18-unfrozen, 02-alexnet-frozen,
                                02-alexnet-unfrozen (batch 64, 32 px),
                                03-resnet152-frozen, 03-resnet152-unfrozen (batch 32, 224 px),
                                04-resnet50v2 (batch 16, 224 px),
                                05-plain20, 05-plain56, 05-resnet20, 05-resnet56
                                (batch 128, 32 px),
                                06-resnet50-scratch (batch 256, 32 px; the seed's side is
                                the course's PyTorch translation of its MindSpore code),
                                07-resnet18-mlp-frozen, 07-resnet18-mlp-cached-frozen
                                (batch 64, 224 px; the cached stage is the kit's
                                FrozenFeatures, timed with its cache building, against
                                the seed's live frozen stage)
              --repeats N       runs per stage and side; medians reported (1)
              --warmup N        untimed batches first (ResNet18 5, AlexNet 3, ResNet152 1,
                                ResNet50V2 1, lesson 05 2, ResNet50 1, lesson 07 2)
              --batches N       timed batches (ResNet18 20, AlexNet 10, ResNet152 2,
                                ResNet50V2 3, plain/ResNet-20 10, -56 5, ResNet50 3,
                                lesson 07 5)
              --threads N       intra-op threads on both sides (2)
              --sides LIST      kit,seed-torch (default both)
              --torch-python P  the python that runs the seeds (/usr/bin/python3: Debian's
                                torch 1.13 and torchvision 0.14, of the seeds' era)
              --out DIR         where runs.csv, summary.json and table.md go (out/bench-lessons)
              --help            this text

            All of it takes about 10 minutes on an idle 2-core CPU. Lesson 03 peaks above
            4 GiB per process (lesson 04 near 2.5 GiB, lesson 07 near 1.5 GiB): on a shared
            machine run it as
              flock /tmp/course-bigmem.lock ./course bench lessons
            """;

    private List<LessonStage> stages = List.of(LessonStage.values());
    private List<LessonSide> sides = List.of(LessonSide.KIT, LessonSide.SEED);
    private int repeats = 1;
    private Integer warmup;
    private Integer batches;
    private int threads = 2;
    private Path torchPython = Path.of("/usr/bin/python3");
    private Path out;

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception if a run fails (the message names the log to read)
     */
    public static void main(String[] args) throws Exception {
        LessonsBenchCommand command = new LessonsBenchCommand();
        if (!command.parse(args, Env.current().home())) {
            System.out.print(HELP);
            return;
        }
        command.run(Env.current().home());
    }

    /**
     * Reads the options.
     *
     * @return false if help was asked for
     */
    boolean parse(String[] args, Path home) {
        out = home.resolve("out/bench-lessons");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return false;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; see --help.");
            }
            String value = args[++i];
            switch (option) {
                case "--lessons" -> stages = LessonStage.parseList(value);
                case "--repeats" -> repeats = OptionValues.positiveInt(option, value);
                case "--warmup" -> warmup = OptionValues.positiveInt(option, value);
                case "--batches" -> batches = OptionValues.positiveInt(option, value);
                case "--threads" -> threads = OptionValues.positiveInt(option, value);
                case "--sides" -> sides = parseSides(value);
                case "--torch-python" -> torchPython = Path.of(value);
                case "--out" -> out = Path.of(value);
                default ->
                        throw new IllegalArgumentException(
                                "Unknown option " + option + "; see --help.");
            }
        }
        return true;
    }

    List<LessonStage> stages() {
        return stages;
    }

    List<LessonSide> sides() {
        return sides;
    }

    int warmupFor(LessonStage stage) {
        return warmup != null ? warmup : stage.defaultWarmupBatches();
    }

    int batchesFor(LessonStage stage) {
        return batches != null ? batches : stage.defaultTimedBatches();
    }

    /**
     * Generates the data, then runs every stage on every side, {@code repeats} times, interleaved.
     *
     * @return the report (also printed and written)
     */
    LessonReport run(Path home) throws IOException, InterruptedException {
        if (sides.contains(LessonSide.SEED) && !Files.isExecutable(torchPython)) {
            throw new IOException(
                    torchPython
                            + " is not an executable python: ./course setup installs Debian's"
                            + " python3-torch and python3-torchvision under /usr/bin/python3, or"
                            + " pass --torch-python PATH to a python with torch and torchvision.");
        }
        Files.createDirectories(out);
        Path log = out.resolve("children.log");
        Files.writeString(log, "", StandardCharsets.UTF_8);
        Path data = out.resolve("data");
        int longest = stages.stream().mapToInt(s -> warmupFor(s) + batchesFor(s)).max().orElse(1);
        LessonData.write(data, stages, longest, torchPython, home);
        System.out.printf(
                Locale.ROOT,
                "%d thread(s), %d repeat(s), load average %s; child logs in %s%n",
                threads,
                repeats,
                LoadAverage.text(),
                log);
        LessonChild child = new LessonChild(home, torchPython, data, threads, log);
        LessonReport report = new LessonReport(batches != null ? batches : 0);
        for (int repeat = 1; repeat <= repeats; repeat++) {
            for (LessonStage stage : stages) {
                for (LessonSide side : sides) {
                    double load = LoadAverage.oneMinute();
                    StageMeasurement m =
                            child.measure(side, stage, warmupFor(stage), batchesFor(stage));
                    report.add(new LessonReport.Run(repeat, stage, side, m, load));
                    System.out.printf(
                            Locale.ROOT,
                            "  run %d %-22s %-10s %7.1f s (CPU %7.1f s) %8.1f im/s  peak %6.0f MiB  load %.1f"
                                    + "  params %,d (trainable %,d)  first loss %.3f  (%s)%n",
                            repeat,
                            stage.label(),
                            side.label(),
                            m.seconds(),
                            m.cpuSeconds(),
                            m.imagesPerSecond(),
                            m.peakRssMb(),
                            load,
                            m.parameters(),
                            m.trainable(),
                            m.firstLoss(),
                            m.runtime());
                }
            }
        }
        System.out.println();
        System.out.print(report.table());
        for (LessonReport.Summary s : report.summaries()) {
            if (!s.sameModel()) {
                System.out.printf(
                        "%s: the kit's model has %,d parameters (%,d trainable), PyTorch's %,d"
                                + " (%,d): not the same model, so its ratios do not count.%n",
                        s.stage().label(),
                        s.kit().parameters(),
                        s.kit().trainable(),
                        s.seed().parameters(),
                        s.seed().trainable());
            }
        }
        System.out.println("Load average after the runs: " + LoadAverage.text());
        report.write(out);
        System.out.println(
                "Wrote "
                        + out.resolve("runs.csv")
                        + ", "
                        + out.resolve("summary.json")
                        + " and "
                        + out.resolve("table.md"));
        return report;
    }

    private static List<LessonSide> parseSides(String value) {
        List<LessonSide> parsed = new ArrayList<>();
        for (String raw : value.split(",")) {
            String label = raw.trim();
            LessonSide side = null;
            for (LessonSide s : LessonSide.values()) {
                if (s.label().equals(label)) {
                    side = s;
                }
            }
            if (side == null) {
                throw new IllegalArgumentException(
                        "Unknown side '" + label + "': use kit and/or seed-torch.");
            }
            parsed.add(side);
        }
        return List.copyOf(parsed);
    }
}
