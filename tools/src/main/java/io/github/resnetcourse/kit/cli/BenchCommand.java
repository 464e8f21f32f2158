package io.github.resnetcourse.kit.cli;

import io.github.resnetcourse.kit.bench.Backbone;
import io.github.resnetcourse.kit.bench.BenchCase;
import io.github.resnetcourse.kit.bench.BenchParity;
import io.github.resnetcourse.kit.bench.BenchReport;
import io.github.resnetcourse.kit.bench.ChildRun;
import io.github.resnetcourse.kit.bench.Contender;
import io.github.resnetcourse.kit.bench.LessonsBenchCommand;
import io.github.resnetcourse.kit.bench.Measurement;
import io.github.resnetcourse.kit.bench.ModernTorch;
import io.github.resnetcourse.kit.bench.OptionValues;
import io.github.resnetcourse.kit.bench.ParityCheck;
import io.github.resnetcourse.kit.bench.ScalingBench;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./course bench}: ResNet18 training and evaluation speed and peak memory, the kit against
 * PyTorch on the same threads, each case in a fresh process, repeats interleaved so that a busy
 * machine slows every contender alike. Prints the medians with the ratio kit ÷ PyTorch and writes
 * {@code runs.csv} and {@code summary.json}.
 */
public final class BenchCommand {

    private static final String HELP =
            """
            Usage: ./course bench [options]
                   ./course bench lessons [options]   (lesson stages against the seeds' PyTorch;
                                                       ./course bench lessons --help)
                   ./course bench scaling [options]   (data pipelines, training and the feature
                                                       cache at 1×, 4×, 16× the data; --help)

            Times ResNet18 (torchvision layout, Adam lr 1e-3, 10 classes) trained by the kit's Learner and in PyTorch
            on the same threads, one fresh process per case, and prints kit ÷ PyTorch.

              --cases LIST      32-full,32-frozen,224-full,224-frozen (default: all four);
                                32 = 32x32 batch 128, 224 = 224x224 batch 32
              --runtimes LIST   kit,torch-debian,torch-modern (default); also kit-djl-adam
                                (DJL's own Adam), kit-nchw (convolutions NCHW, not
                                channels-last), kit-retain and kit-glibc (COURSE_ALLOCATOR),
                                kit-small-pages (no huge pages for mapped buffers),
                                kit-omp-default (idle OpenMP threads spin, libgomp's default)
              --ablation        add kit-djl-adam, kit-nchw, kit-retain, kit-glibc,
                                kit-small-pages and kit-omp-default
              --repeats N       runs per case and runtime, interleaved; medians reported (1)
              --train-steps N   timed training steps per run (20 at 32 px, 4 at 224 px)
              --eval-steps N    timed evaluation batches per run (20 at 32 px, 4 at 224 px)
              --threads N       intra-op threads for every runtime (2)
              --out DIR         where runs.csv and summary.json go (out/bench)
              --help            this text

            torch-debian is /usr/bin/python3 with Debian's python3-torch (./course setup installs
            it); torch-modern is pip's CPU wheel in .venv-bench, installed on first use.
            """;

    private List<BenchCase> cases;
    private List<Contender> contenders =
            new ArrayList<>(List.of(Contender.KIT, Contender.TORCH_DEBIAN, Contender.TORCH_MODERN));
    private int repeats = 1;
    private Integer trainSteps;
    private Integer evalSteps;
    private int threads = 2;
    private Path out;

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception if a run fails (the message names the log to read)
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("scaling")) {
            ScalingBench.run(Arrays.copyOfRange(args, 1, args.length), Env.current().home());
            return;
        }
        if (args.length > 0 && args[0].equals("lessons")) {
            LessonsBenchCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchCommand command = new BenchCommand();
        if (!command.parse(args)) {
            System.out.print(HELP);
            return;
        }
        command.run();
    }

    private boolean parse(String[] args) {
        String caseList = "32-full,32-frozen,224-full,224-frozen";
        Path home = Env.current().home();
        out = home.resolve("out/bench");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return false;
            }
            if (option.equals("--ablation")) {
                contenders.add(Contender.KIT_DJL_ADAM);
                contenders.add(Contender.KIT_NCHW);
                contenders.add(Contender.KIT_RETAIN);
                contenders.add(Contender.KIT_GLIBC);
                contenders.add(Contender.KIT_SMALL_PAGES);
                contenders.add(Contender.KIT_OMP_DEFAULT);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; see --help.");
            }
            String value = args[++i];
            switch (option) {
                case "--cases" -> caseList = value;
                case "--runtimes" ->
                        contenders =
                                new ArrayList<>(
                                        Arrays.stream(value.split(","))
                                                .map(Contender::parse)
                                                .toList());
                case "--repeats" -> repeats = OptionValues.positiveInt(option, value);
                case "--train-steps" -> trainSteps = OptionValues.positiveInt(option, value);
                case "--eval-steps" -> evalSteps = OptionValues.positiveInt(option, value);
                case "--threads" -> threads = OptionValues.positiveInt(option, value);
                case "--out" -> out = Path.of(value);
                default ->
                        throw new IllegalArgumentException(
                                "Unknown option " + option + "; see --help.");
            }
        }
        cases = Arrays.stream(caseList.split(",")).map(this::parseCase).toList();
        return true;
    }

    private BenchCase parseCase(String spec) {
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split("-");
        if (parts.length != 2
                || !(parts[0].equals("32") || parts[0].equals("224"))
                || !(parts[1].equals("full") || parts[1].equals("frozen"))) {
            throw new IllegalArgumentException(
                    "Unknown case '" + spec + "': use 32-full, 32-frozen, 224-full or 224-frozen.");
        }
        boolean small = parts[0].equals("32");
        int defaultSteps = small ? 20 : 4;
        return new BenchCase(
                small ? 32 : 224,
                small ? 128 : 32,
                Backbone.valueOf(parts[1].toUpperCase(Locale.ROOT)),
                trainSteps != null ? trainSteps : defaultSteps,
                evalSteps != null ? evalSteps : defaultSteps);
    }

    private void run() throws IOException, InterruptedException {
        Path home = Env.current().home();
        Path modernPython =
                contenders.contains(Contender.TORCH_MODERN) ? ModernTorch.ensure(home) : null;
        Files.createDirectories(out);
        Path log = out.resolve("children.log");
        BenchReport report = new BenchReport();
        System.out.println(
                "ResNet18, "
                        + threads
                        + " threads, "
                        + repeats
                        + " repeat(s); child logs in "
                        + log);
        boolean allAgree = verifyParity(home, log);
        for (int repeat = 1; repeat <= repeats; repeat++) {
            for (BenchCase benchCase : cases) {
                for (Contender contender : contenders) {
                    Measurement m =
                            ChildRun.measure(
                                    contender, benchCase, threads, home, modernPython, log);
                    report.add(new BenchReport.Run(repeat, benchCase.name(), contender, m));
                    System.out.printf(
                            Locale.ROOT,
                            "  run %d %-18s %-14s train %8.1f im/s  eval %8.1f im/s  peak %6.0f"
                                    + " MiB  (%s)%n",
                            repeat,
                            benchCase.name(),
                            contender.label(),
                            m.trainImagesPerSecond(),
                            m.evalImagesPerSecond(),
                            m.peakRssMb(),
                            m.runtime());
                }
            }
        }
        System.out.println();
        System.out.print(report.table());
        report.write(out);
        System.out.println(
                "Wrote " + out.resolve("runs.csv") + " and " + out.resolve("summary.json"));
        if (!allAgree) {
            System.out.println(
                    "The kit's logits differ from PyTorch's at a benchmarked shape (see above):"
                            + " those speed figures do not count.");
            System.exit(1);
        }
    }

    /**
     * Checks the kit's ResNet18 against PyTorch at every benchmarked shape before timing it, under
     * the engine configuration the kit runs with, and prints both.
     *
     * @return whether the kit agreed at every shape
     */
    private boolean verifyParity(Path home, Path log) throws IOException, InterruptedException {
        boolean allAgree = true;
        Set<String> shapes = new LinkedHashSet<>();
        for (BenchCase benchCase : cases) {
            if (!shapes.add(benchCase.imageSize() + "x" + benchCase.batchSize())) {
                continue;
            }
            ParityCheck.Result parity =
                    BenchParity.check(
                            benchCase.imageSize(), benchCase.batchSize(), threads, home, log);
            allAgree &= parity.agrees();
            System.out.printf(
                    Locale.ROOT,
                    "  parity at %d px, batch %d: max |kit - torch 1.13| / scale = %.1e (eval),"
                            + " %.1e (train mode) -> %s%n    under %s%n",
                    benchCase.imageSize(),
                    benchCase.batchSize(),
                    parity.evalError(),
                    parity.trainError(),
                    parity.agrees() ? "OK" : "WRONG: this shape's speed does not count",
                    parity.configuration());
        }
        return allAgree;
    }
}
