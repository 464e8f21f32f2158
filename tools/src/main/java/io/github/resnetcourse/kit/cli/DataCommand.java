package io.github.resnetcourse.kit.cli;

import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.DataFetcher;
import io.github.resnetcourse.kit.data.DatasetCatalog;
import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.PipelineBenchmark;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.fetch.Sizes;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/** {@code ./course data fetch|status|synth|bench}: the data folder from the command line. */
public final class DataCommand {
    private static final String HELP =
            """
            Usage: ./course data <command>
              fetch <cifar10|flowers102|birds4|all>  download, verify and unpack into the data folder
              status                                 what is present, sizes, fetch commands
              synth [--cifar-per-batch N] [--cifar-test N] [--flowers-per-class T V]
                    [--flower-size PX] [--birds-per-class N] [--seed S]
                                                     generate the offline twins (seconds)
              bench [--passes N]                     images/s of the CIFAR-10 and Flowers 224 pipelines
            Folders come from COURSE_DATA (default ./data); generated twins go to data/synth.
            """;

    private DataCommand() {}

    /** Entry point; exits non-zero with a message on failure. */
    public static void main(String[] args) {
        try {
            System.exit(run(args, Env.current()));
        } catch (IOException | RuntimeException e) {
            System.out.println("Error: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.out.println("Error: " + e);
            System.exit(1);
        }
    }

    /** Runs a command; returns the exit status. */
    public static int run(String[] args, Env env) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(HELP);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "fetch" -> fetch(rest, env);
            case "status" -> status(env);
            case "synth" -> synth(rest, env);
            case "bench" -> bench(rest, env);
            default -> {
                System.out.println("Unknown data command '" + args[0] + "'.");
                System.out.print(HELP);
                return 2;
            }
        }
        return 0;
    }

    private static void fetch(String[] args, Env env) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException(
                    "fetch takes one dataset: cifar10, flowers102, birds4 or all");
        }
        DataFetcher fetcher = new DataFetcher(env.dataDir());
        if (args[0].equals("all")) {
            for (DatasetCatalog d : DatasetCatalog.values()) {
                fetcher.fetch(d);
            }
        } else {
            fetcher.fetch(DatasetCatalog.byId(args[0]));
        }
    }

    private static void status(Env env) throws IOException {
        System.out.println("Data folder: " + env.dataDir());
        for (DatasetCatalog d : DatasetCatalog.values()) {
            Path dir = env.dataDir().resolve(d.folder());
            if (d.isPresent(env.dataDir())) {
                System.out.printf(
                        "  %-11s present   %s (%s)%n", d.id(), dir, Sizes.human(treeSize(dir)));
            } else {
                System.out.printf("  %-11s missing   %s%n", d.id(), d.fetchCommand());
            }
        }
        Path synth = env.synthDir();
        System.out.println("Generated twins: " + synth);
        for (DatasetCatalog d : DatasetCatalog.values()) {
            System.out.printf(
                    "  %-11s %s%n",
                    d.id(),
                    d.isPresent(synth)
                            ? "present (" + Sizes.human(treeSize(synth.resolve(d.folder()))) + ")"
                            : "not generated (./course data synth)");
        }
    }

    private static void synth(String[] args, Env env) throws IOException {
        SyntheticData.Builder b = SyntheticData.builder().setRoot(env.synthDir());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cifar-per-batch" -> b.optCifarPerBatch(Integer.parseInt(args[++i]));
                case "--cifar-test" -> b.optCifarTest(Integer.parseInt(args[++i]));
                case "--flowers-per-class" ->
                        b.optFlowersPerClass(
                                Integer.parseInt(args[++i]), Integer.parseInt(args[++i]));
                case "--flower-size" -> b.optFlowerSize(Integer.parseInt(args[++i]));
                case "--birds-per-class" -> b.optBirds(Integer.parseInt(args[++i]), 96);
                case "--seed" -> b.optSeed(Long.parseLong(args[++i]));
                default -> throw new IllegalArgumentException("Unknown synth option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        b.build().writeAll();
        System.out.printf("Done in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void bench(String[] args, Env env) throws Exception {
        int passes = args.length == 2 && args[0].equals("--passes") ? Integer.parseInt(args[1]) : 3;
        Path root = env.synthDir().resolve("bench");
        // Real-sized twins: 10,000 CIFAR records, flower photos at the real ~500 px.
        SyntheticData gen =
                SyntheticData.builder()
                        .setRoot(root)
                        .optCifarPerBatch(2000)
                        .optFlowerClasses(8)
                        .optFlowersPerClass(32, 1)
                        .optFlowerSize(500)
                        .build();
        if (!DatasetCatalog.CIFAR10.isPresent(root)) {
            gen.writeCifar10();
        }
        if (!DatasetCatalog.FLOWERS102.isPresent(root)) {
            gen.writeFlowers102();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println("Cores: " + cores + ", loader threads: " + cores);
        System.out.println(
                "CIFAR-10 train pipeline " + Pipelines.cifarTrain().steps() + ", batch 128:");
        Cifar10 cifar =
                Cifar10.builder()
                        .setRoot(root)
                        .setSplit(Split.TRAIN)
                        .optTransform(Pipelines.cifarTrain())
                        .setSampling(128, true)
                        .build();
        PipelineBenchmark.run(cifar, passes);
        System.out.println("Flowers 224 train pipeline (JPEG ~500 px decode + augment), batch 32:");
        ImageFolder flowers =
                Flowers102.builder(root, Split.TRAIN)
                        .optTransform(Pipelines.flowersTrain())
                        .setSampling(32, true)
                        .build();
        PipelineBenchmark.run(flowers, passes);
    }

    private static long treeSize(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    return 0;
                                }
                            })
                    .sum();
        }
    }
}
