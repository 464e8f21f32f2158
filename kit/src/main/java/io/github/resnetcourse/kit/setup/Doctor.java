package io.github.resnetcourse.kit.setup;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.github.resnetcourse.kit.engine.CheckStatus;
import io.github.resnetcourse.kit.engine.EngineDecision;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.fetch.Sizes;
import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.setup.EnvironmentReport.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Looks at the environment a lesson runs in: Java, the kit, the DJL engine and device, the data
 * folder, and every dataset and weight file the kit's {@link AssetCatalog}s know, each missing one
 * with the command that fetches it. {@code ./course doctor} prints the report; {@code
 * 00-setup.ipynb} shows it as a table. Looking never changes anything (except that loading the
 * engine unpacks PyTorch's natives into {@code DJL_CACHE_DIR} the first time).
 */
public final class Doctor {
    private static final String SETUP = "./course setup";

    private Doctor() {}

    /** The report for this process's environment and the kit's registered catalogs. */
    public static EnvironmentReport report() {
        List<AssetCatalog> catalogs = new ArrayList<>();
        ServiceLoader.load(AssetCatalog.class, Doctor.class.getClassLoader())
                .forEach(catalogs::add);
        return report(Env.current(), catalogs);
    }

    /** The report for {@code env}, listing the assets of {@code catalogs}. */
    public static EnvironmentReport report(Env env, List<AssetCatalog> catalogs) {
        List<EnvironmentReport.Section> sections = new ArrayList<>();
        sections.add(java());
        sections.add(kit(env));
        sections.add(engine());
        sections.add(folders(env));
        List<Asset> assets = new ArrayList<>();
        for (AssetCatalog c : catalogs) {
            assets.addAll(c.assets(AssetFolders.of(env)));
        }
        sections.add(assets("Datasets", Asset.Kind.DATASET, assets, env.dataDir()));
        sections.add(assets("Pretrained weights", Asset.Kind.WEIGHTS, assets, env.weightsDir()));
        return new EnvironmentReport(sections);
    }

    private static EnvironmentReport.Section java() {
        Runtime rt = Runtime.getRuntime();
        Runtime.Version v = Runtime.version();
        List<Check> checks = new ArrayList<>();
        String vendor = System.getProperty("java.vendor", "unknown vendor");
        checks.add(
                v.feature() >= 17
                        ? Check.ok("Java", v + " (" + vendor + ")")
                        : Check.failed(
                                "Java",
                                v + " (" + vendor + ")",
                                "the kit needs Java 17 or newer: " + SETUP + " installs it"));
        checks.add(Check.info("Java home", System.getProperty("java.home", "?")));
        checks.add(
                Check.info(
                        "CPU cores / max heap",
                        rt.availableProcessors() + " / " + Sizes.human(rt.maxMemory())));
        checks.add(memory(totalMemory(), availableMemory()));
        return new EnvironmentReport.Section("Java", checks);
    }

    /** What lesson 03 in full mode (ResNet152, batch 32) needs, measured: about 16 GiB. */
    static final long FULL_MODE_MEMORY = 16L << 30;

    /**
     * The machine's memory against what the lessons need. Tensors live outside the Java heap, so
     * the heap alone says little: the total (or the container's limit) is what runs out.
     */
    static Check memory(long total, long available) {
        if (total <= 0) {
            return Check.info("Memory", "unknown (the JVM could not read it)");
        }
        String value =
                gib(total) + " total" + (available > 0 ? ", " + gib(available) + " available" : "");
        if (total >= FULL_MODE_MEMORY) {
            return Check.ok("Memory", value + ": enough for every lesson in full mode");
        }
        return Check.missing(
                "Memory",
                value + ": lesson 03 in full mode needs about 16 GiB",
                "run lesson 03 in smoke mode (COURSE_MODE=smoke ./course lab) or on a machine"
                        + " with 16 GiB; lessons 00-02 need less");
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /**
     * Physical memory, or the container's limit (the JVM reads cgroups), in bytes; 0 if unknown.
     */
    private static long totalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** Memory available to new processes: Linux's MemAvailable, else the JVM's free figure. */
    private static long availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return 0;
    }

    private static EnvironmentReport.Section kit(Env env) {
        String version = Doctor.class.getPackage().getImplementationVersion();
        List<Check> checks = new ArrayList<>();
        checks.add(
                Check.ok(
                        "Kit version",
                        version != null ? version : "development build (classes, not a jar)"));
        checks.add(
                Check.info(
                        "Run mode",
                        env.mode().name().toLowerCase(Locale.ROOT)
                                + " (epochs ≤ "
                                + (env.epochs(Integer.MAX_VALUE) == Integer.MAX_VALUE
                                        ? "the lesson's"
                                        : env.epochs(Integer.MAX_VALUE))
                                + ", batches per epoch ≤ "
                                + env.maxBatches().map(String::valueOf).orElse("all")
                                + ", seed "
                                + env.seed()
                                + "; COURSE_MODE=smoke|full)"));
        checks.add(Check.info("Course folder", env.home().toString()));
        return new EnvironmentReport.Section("Kit", checks);
    }

    private static EnvironmentReport.Section engine() {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.info("DJL", Engine.getDjlVersion()));
        Engine engine;
        try {
            engine = Engine.getInstance();
        } catch (RuntimeException | LinkageError e) {
            checks.add(
                    Check.failed(
                            "Engine",
                            "did not load: " + e.getMessage(),
                            SETUP
                                    + " rebuilds the kit with PyTorch's natives (DJL_OFFLINE="
                                    + System.getenv("DJL_OFFLINE")
                                    + ")"));
            return new EnvironmentReport.Section("Engine", checks);
        }
        checks.add(Check.ok("Engine", engine.getEngineName() + " " + engine.getVersion()));
        checks.add(device(engine));
        checks.add(convolutions(Engines.init().convolutions()));
        checks.add(Check.info("oneDNN caches", Engines.init().oneDnnCaches().describe()));
        checks.add(
                Check.info(
                        "Idle threads",
                        "OMP_WAIT_POLICY "
                                + Engines.init().ompWaitPolicy()
                                + " (docs/performance.md, \"Idle OpenMP threads\")"));
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        checks.add(
                Check.info(
                        "Threads",
                        threads != null
                                ? threads + " (-Dai.djl.pytorch.num_threads)"
                                : "PyTorch's default (one per core)"));
        String cache = System.getenv("DJL_CACHE_DIR");
        checks.add(
                Check.info(
                        "Native cache",
                        cache != null ? cache : "~/.djl.ai (DJL_CACHE_DIR is not set)"));
        return new EnvironmentReport.Section("Engine", checks);
    }

    /**
     * What the convolution self-check put in force on this CPU and why: "passed" on a healthy CPU,
     * the configuration it fell back to and the fault it found otherwise.
     */
    private static Check convolutions(EngineDecision decision) {
        boolean noneCorrect =
                !decision.results().isEmpty()
                        && decision.results().stream()
                                .noneMatch(r -> r.status() == CheckStatus.CORRECT);
        if (noneCorrect) {
            return Check.failed(
                    "Convolutions",
                    decision.describe(),
                    "report this CPU (docs/engine-check.md); COURSE_ENGINE_CONFIGURATION picks a"
                            + " configuration by hand");
        }
        return Check.ok("Convolutions", decision.describe());
    }

    private static Check device(Engine engine) {
        // Without NVIDIA's driver there is no GPU to find, and asking DJL would only log a CUDA
        // warning into the notebook; with it, DJL says whether its PyTorch build can use it.
        boolean driver =
                Files.exists(Path.of("/proc/driver/nvidia/version"))
                        || Files.exists(Path.of("/dev/nvidiactl"));
        if (!driver) {
            return Check.ok("Device", "CPU (no NVIDIA GPU driver found)");
        }
        int gpus = engine.getGpuCount();
        if (gpus > 0) {
            Device device = engine.defaultDevice();
            return Check.ok("Device", device + " (" + gpus + " GPU" + (gpus > 1 ? "s" : "") + ")");
        }
        return new Check(
                "Device",
                "CPU, although an NVIDIA GPU driver is present",
                Check.Status.MISSING,
                "the kit runs PyTorch's CPU build: rebuild with mvn -B install -DskipTests -Dcuda (kit/pom.xml)");
    }

    private static EnvironmentReport.Section folders(Env env) {
        List<Check> checks = new ArrayList<>();
        checks.add(folder("Data folder", env.dataDir(), "created by the first fetch"));
        checks.add(folder("Generated data", env.synthDir(), "./course data synth"));
        checks.add(folder("Weights folder", env.weightsDir(), "created by the first fetch"));
        return new EnvironmentReport.Section("Folders", checks);
    }

    private static Check folder(String label, Path dir, String whenMissing) {
        if (!Files.isDirectory(dir)) {
            return Check.info(label, dir + " (not there yet: " + whenMissing + ")");
        }
        return Check.info(label, dir + " (" + Sizes.human(sizeOf(dir)) + ")");
    }

    private static EnvironmentReport.Section assets(
            String title, Asset.Kind kind, List<Asset> all, Path where) {
        List<Check> checks = new ArrayList<>();
        for (Asset a : all) {
            if (a.kind() != kind) {
                continue;
            }
            if (a.present()) {
                checks.add(Check.ok(a.name(), "present: " + a.path()));
            } else {
                String size =
                        a.downloadSize().isEmpty() ? "" : " (" + a.downloadSize() + " download)";
                checks.add(Check.missing(a.name(), "missing" + size, a.fetchCommand()));
            }
        }
        if (checks.isEmpty()) {
            checks.add(
                    Check.info(
                            "(none listed)",
                            "this kit version registers no "
                                    + kind.name().toLowerCase(Locale.ROOT)
                                    + " catalog; looked in "
                                    + where));
        }
        return new EnvironmentReport.Section(title, checks);
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    return 0; // vanished while walking: not ours to report
                                }
                            })
                    .sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
