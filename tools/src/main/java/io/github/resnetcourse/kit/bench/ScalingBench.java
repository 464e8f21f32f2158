package io.github.resnetcourse.kit.bench;

import io.github.resnetcourse.kit.data.DatasetCatalog;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./course bench scaling}: how the lessons' data pipelines, training and the frozen-feature
 * cache behave as the dataset grows — images/s and memory at 1×, 4× and 16× a base size of
 * generated data in the real formats (CIFAR-10 binary batches, a Flowers-102 JPEG folder), each
 * case and size in a fresh process. Cost should grow linearly (constant seconds per image) and
 * memory stay flat apart from what a loader keeps on purpose (the CIFAR records, 3,073 bytes each,
 * are held in memory; JPEGs are read per epoch; a feature cache above its memory limit is
 * memory-mapped from disk).
 */
public final class ScalingBench {

    private static final String HELP =
            """
            Usage: ./course bench scaling [options]

            Images/s and memory of the lessons' data pipelines, of lesson 02's training and of the
            frozen-feature cache at growing sizes of generated data, one fresh process per case and
            size; prints seconds per image and memory growth from the smallest size to the largest.

              --scales LIST         dataset sizes as multiples of the base (1,4,16)
              --cases LIST          pipeline-cifar,pipeline-flowers,train-cifar,feature-cache-cifar
                                    (default: all four)
              --cifar-base N        CIFAR-10 training records at 1× (1000; test records: a fifth)
              --flowers-base N      Flowers-102 training photos per class at 1× (8 classes, 500 px; 16)
              --feature-memory MiB  features of a split above this stay on disk, memory-mapped (4)
              --threads N           intra-op and loader threads (2)
              --data DIR            where the generated datasets go (data/synth/scaling)
              --out DIR             where scaling.csv and scaling.txt go (out/bench/scaling)
              --help                this text
            """;

    private List<Integer> scales = List.of(1, 4, 16);
    private List<ScalingCase> cases = List.of(ScalingCase.values());
    private int cifarBase = 1000;
    private int flowersBase = 16;
    private long featureMemory = 4L << 20;
    private int threads = 2;
    private Path data;
    private Path out;

    private ScalingBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @param home the course checkout (defaults of {@code --data} and {@code --out} live there)
     * @throws Exception if a run fails (the message names the log to read)
     */
    public static void run(String[] args, Path home) throws Exception {
        ScalingBench bench = new ScalingBench();
        bench.data = home.resolve("data/synth/scaling");
        bench.out = home.resolve("out/bench/scaling");
        if (!bench.parse(args)) {
            System.out.print(HELP);
            return;
        }
        bench.run();
    }

    boolean parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return false;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value; see --help.");
            }
            String v = args[++i];
            switch (a) {
                case "--scales" ->
                        scales = Arrays.stream(v.split(",")).map(s -> positive(a, s)).toList();
                case "--cases" ->
                        cases = Arrays.stream(v.split(",")).map(ScalingCase::parse).toList();
                case "--cifar-base" -> cifarBase = positive(a, v);
                case "--flowers-base" -> flowersBase = positive(a, v);
                case "--feature-memory" -> featureMemory = (long) positive(a, v) << 20;
                case "--threads" -> threads = positive(a, v);
                case "--data" -> data = Path.of(v);
                case "--out" -> out = Path.of(v);
                default ->
                        throw new IllegalArgumentException("Unknown option " + a + "; see --help.");
            }
        }
        if (cifarBase % 5 != 0) {
            throw new IllegalArgumentException(
                    "--cifar-base "
                            + cifarBase
                            + " must be a multiple of 5 (five training batch files).");
        }
        return true;
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Path log = out.resolve("children.log");
        Files.deleteIfExists(log);
        String header = header();
        System.out.print(header);
        ScalingReport report = new ScalingReport();
        for (int scale : scales) {
            Path root = generate(scale);
            for (ScalingCase c : cases) {
                ScalingMeasurement m = measure(c, root, log);
                report.add(new ScalingReport.Row(c, scale, m));
                System.out.printf(
                        Locale.ROOT,
                        "%-20s %3d×: %d images in %.2f s (%.1f img/s), peak RSS %.0f MiB — %s%n",
                        c.label(),
                        scale,
                        m.images(),
                        m.seconds(),
                        m.imagesPerSecond(),
                        m.peakRssMb(),
                        m.detail());
            }
        }
        System.out.println();
        System.out.print(report.table());
        System.out.println();
        for (ScalingReport.Growth g : report.growth()) {
            System.out.println(g.describe());
        }
        report.write(out, header + "load average at the end: " + LoadAverage.text() + "\n");
        System.out.println(
                "Written: " + out.resolve("scaling.csv") + ", " + out.resolve("scaling.txt"));
    }

    private String header() throws IOException {
        return String.format(
                Locale.ROOT,
                "Scaling bench: scales %s; CIFAR-10 %d training records at 1×, Flowers-102 8 classes"
                        + " × %d photos (500 px) at 1×; feature memory limit %d MiB; %d threads%n"
                        + "load average at the start: %s%n",
                scales,
                cifarBase,
                flowersBase,
                featureMemory >> 20,
                threads,
                LoadAverage.text());
    }

    /** Generates (once) the twins of {@code scale}× the base size, each size in its own folder. */
    private Path generate(int scale) throws IOException {
        Path root =
                data.resolve(
                        String.format(Locale.ROOT, "c%d-f%d-x%d", cifarBase, flowersBase, scale));
        boolean cifar = cases.stream().anyMatch(ScalingCase::readsCifar);
        boolean flowers = cases.stream().anyMatch(c -> !c.readsCifar());
        SyntheticData gen =
                SyntheticData.builder()
                        .setRoot(root)
                        .optCifarPerBatch(cifarBase / 5 * scale)
                        .optCifarTest(cifarBase / 5 * scale)
                        .optFlowerClasses(8)
                        .optFlowersPerClass(flowersBase * scale, 1)
                        .optFlowerSize(500)
                        .build();
        if (cifar && !DatasetCatalog.CIFAR10.isPresent(root)) {
            System.out.printf(
                    "Generating %d CIFAR-10 records under %s …%n", cifarBase * scale, root);
            gen.writeCifar10();
        }
        if (flowers && !DatasetCatalog.FLOWERS102.isPresent(root)) {
            System.out.printf(
                    "Generating %d flower photos under %s …%n", 8 * flowersBase * scale, root);
            gen.writeFlowers102();
        }
        return root;
    }

    private ScalingMeasurement measure(ScalingCase c, Path root, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(
                List.of(
                        "-Xmx2g",
                        "-XX:+UseSerialGC", // as the kernel runs
                        "-Xms64m",
                        "-Dai.djl.pytorch.num_threads=" + threads,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ScalingCaseRunner.class.getName(),
                        c.label(),
                        root.toString(),
                        String.valueOf(featureMemory)));
        // The child runs as the kernel does (huge pages for large buffers), on the stated threads,
        // and never under a run mode's caps: the whole dataset is the point.
        Map<String, String> set = new HashMap<>(Contender.KIT.environment());
        set.put("OMP_NUM_THREADS", String.valueOf(threads));
        return JsonChild.run(
                command,
                List.of("COURSE_MODE", "COURSE_MAX_BATCHES", "COURSE_EPOCHS"),
                set,
                log,
                ScalingMeasurement.class,
                c.label() + " on " + root);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                option + " " + value + " must be a positive whole number.");
    }
}
