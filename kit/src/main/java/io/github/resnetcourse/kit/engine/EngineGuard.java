package io.github.resnetcourse.kit.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngine;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.sun.jna.Native;
import io.github.resnetcourse.kit.fetch.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Makes sure libtorch's convolutions are crash-free and correct on this CPU before the kit uses
 * them, without giving up speed where the CPU is healthy.
 *
 * <p>On one AMD EPYC (Zen 5) machine, libtorch 2.7.1's oneDNN kills the process on 1×1 convolutions
 * and computes channels-last 1×1 stride-2 convolutions wrongly, silently (docs/engine-check.md). So
 * once per machine and libtorch build ({@link CpuSignature}), the guard runs {@link
 * ConvolutionCheck} in a child process — a crash takes only the child down — under the default
 * configuration. If that is correct it is used, and a healthy CPU loses nothing but the one-time
 * check. Otherwise every other {@link EngineConfiguration#candidates() candidate} is checked the
 * same way and the fastest correct one is chosen. The decision is cached as JSON in {@code
 * .course/engine-check/} and reused by every later process (kernel, launcher, bench, tests); a lock
 * file makes concurrent first starts wait for one check instead of each running their own.
 */
final class EngineGuard {

    /**
     * Part of the cache key: a change to the check's cases or rules invalidates old results.
     * Version 3: the children check oneDNN with the cache sizes {@link HiddenCacheRepair} gives it,
     * so a machine that fell back to native convolutions under version 2 is checked again.
     */
    static final int CHECK_VERSION = 3;

    /** Property that tells a child which configuration to apply, instead of running the guard. */
    static final String CONFIGURATION_PROPERTY = "course.engine.configuration";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    /**
     * Candidates this much slower than the fastest correct one still count as fast: the earlier one
     * in {@link EngineConfiguration#candidates()} order wins among them.
     */
    static final double SPEED_MARGIN = 0.15;

    private final Path cacheDir;
    private final int threads;
    private final List<EngineConfiguration> candidates;
    private final String fault;
    private final Duration timeout;

    /**
     * @param cacheDir where decisions are cached ({@code <course>/.course/engine-check})
     * @param threads intra-op threads the children use (those of the process being guarded)
     * @param candidates the configurations to try, the preferred one first
     * @param fault a {@link Fault} for the children ({@code LABEL:crash} or {@code LABEL:wrong}),
     *     empty in normal use
     * @param timeout how long one child may take
     */
    EngineGuard(
            Path cacheDir,
            int threads,
            List<EngineConfiguration> candidates,
            String fault,
            Duration timeout) {
        this.cacheDir = cacheDir;
        this.threads = threads;
        this.candidates = List.copyOf(candidates);
        this.fault = fault;
        this.timeout = timeout;
    }

    /** The guard as {@link Engines#init()} runs it. */
    static EngineGuard forProcess(Path cacheDir, int threads) {
        return new EngineGuard(
                cacheDir,
                threads,
                EngineConfiguration.candidates(),
                System.getProperty(Fault.PROPERTY, ""),
                DEFAULT_TIMEOUT);
    }

    /** The cached decision for this machine, or a fresh check's (cached for next time). */
    EngineDecision decide() {
        CpuSignature cpu =
                CpuSignature.ofThisMachine(
                        libtorchVersion() + ", " + threads + " threads, check v" + CHECK_VERSION);
        Path file = cacheDir.resolve(cpu.key() + ".json");
        Optional<EngineDecision> cached = read(file, cpu);
        if (cached.isPresent()) {
            return cached.get();
        }
        try {
            Files.createDirectories(cacheDir);
            try (FileChannel channel =
                            FileChannel.open(
                                    cacheDir.resolve(".lock"),
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                // Another process may have finished the check while this one waited.
                cached = read(file, cpu);
                if (cached.isPresent()) {
                    return cached.get();
                }
                EngineDecision decision = check(cpu);
                write(file, cpu, decision);
                return decision;
            }
        } catch (IOException e) {
            System.out.println(
                    "Note: cannot keep the convolution self-check's result in "
                            + cacheDir
                            + " ("
                            + e.getMessage()
                            + "); it will run again next time.");
            return check(cpu);
        }
    }

    /**
     * Runs the default, then — only if it fails — every other candidate; picks the fastest correct.
     */
    EngineDecision check(CpuSignature cpu) {
        System.out.println(
                "Checking libtorch's convolutions on this CPU (once per machine; "
                        + cpu.model()
                        + ")...");
        long start = System.nanoTime();
        List<CandidateResult> results = new ArrayList<>();
        results.add(runChild(candidates.get(0)));
        EngineConfiguration chosen = candidates.get(0);
        if (results.get(0).status() != CheckStatus.CORRECT) {
            for (EngineConfiguration candidate : candidates.subList(1, candidates.size())) {
                results.add(runChild(candidate));
            }
            chosen = fastestCorrect(results).orElse(candidates.get(candidates.size() - 1));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EngineDecision decision =
                new EngineDecision(
                        chosen,
                        EngineDecision.Source.CHECKED_NOW,
                        List.copyOf(results),
                        cpu.model() + "; " + cpu.cacheSummary(),
                        seconds);
        if (!chosen.equals(EngineConfiguration.DEFAULT)) {
            results.forEach(r -> System.out.println("  " + r.describe()));
        }
        System.out.printf("%s (%.0f s)%n", decision.describe(), seconds);
        return decision;
    }

    /**
     * The fastest correct configuration, by CPU time per pass; among those within {@link
     * #SPEED_MARGIN} of the fastest, the earliest candidate, so that timing noise between two
     * machines of the same kind cannot make them choose differently.
     */
    static Optional<EngineConfiguration> fastestCorrect(List<CandidateResult> results) {
        List<CandidateResult> correct =
                results.stream().filter(r -> r.status() == CheckStatus.CORRECT).toList();
        double best = correct.stream().mapToDouble(CandidateResult::secondsPerPass).min().orElse(0);
        return correct.stream()
                .filter(r -> r.secondsPerPass() <= best * (1 + SPEED_MARGIN))
                .findFirst()
                .map(r -> EngineConfiguration.parse(r.configuration()));
    }

    /** Runs {@link ConvolutionCheck} under {@code configuration} in a child JVM. */
    CandidateResult runChild(EngineConfiguration configuration) {
        Path work = null;
        try {
            work = Files.createTempDirectory("course-engine-check");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx1g");
            command.add("-XX:+UseSerialGC");
            // A crash report goes to the scratch folder (read below), never into notebooks/.
            command.add("-XX:ErrorFile=" + work.resolve("hs_err_%p.log"));
            command.add("-D" + CONFIGURATION_PROPERTY + "=" + configuration.label());
            command.add("-Dai.djl.pytorch.num_threads=" + threads);
            command.add("-Dai.djl.pytorch.num_interop_threads=1");
            command.add("-Dai.djl.offline=true");
            command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
            passProperty(command, "DJL_CACHE_DIR");
            if (!fault.isEmpty()) {
                command.add("-D" + Fault.PROPERTY + "=" + fault);
            }
            command.add("-cp");
            command.add(childClassPath());
            command.add(ConvolutionCheck.class.getName());
            command.add(configuration.label());
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
            builder.environment().remove("GLIBC_TUNABLES");
            // Idle OpenMP threads sleep instead of spinning, so that the CPU time the child
            // reports is work done even when other programs share the cores.
            builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            Path log = work.resolve("child.log");
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new CandidateResult(configuration.label(), CheckStatus.TIMED_OUT, 0, "", 0);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Optional<String> line =
                    output.lines()
                            .filter(l -> l.startsWith(ConvolutionCheck.RESULT_PREFIX))
                            .reduce((a, b) -> b);
            if (process.exitValue() != 0 || line.isEmpty()) {
                return new CandidateResult(
                        configuration.label(),
                        CheckStatus.CRASHED,
                        0,
                        crashCause(work, output, process.exitValue()),
                        0);
            }
            ConvolutionCheck.Result result =
                    new Gson()
                            .fromJson(
                                    line.get().substring(ConvolutionCheck.RESULT_PREFIX.length()),
                                    ConvolutionCheck.Result.class);
            return new CandidateResult(
                    configuration.label(),
                    result.correct() ? CheckStatus.CORRECT : CheckStatus.WRONG,
                    result.worstError(),
                    result.worstCase(),
                    result.secondsPerPass());
        } catch (IOException | JsonParseException e) {
            return new CandidateResult(
                    configuration.label(),
                    CheckStatus.CRASHED,
                    0,
                    "could not run the check: " + e.getMessage(),
                    0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CandidateResult(
                    configuration.label(), CheckStatus.TIMED_OUT, 0, "interrupted", 0);
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * What killed a child: the signal and the native frame from the JVM's crash report (e.g.
     * "SIGFPE in libtorch_cpu.so dnnl::impl::cpu::x64::brgemm_convolution_utils::brg_blocking_t::
     * est_eff_1x1()"), else the last line it printed.
     */
    static String crashCause(Path work, String output, int exit) {
        try (Stream<Path> files = Files.list(work)) {
            Optional<Path> report =
                    files.filter(p -> p.getFileName().toString().startsWith("hs_err_")).findFirst();
            if (report.isPresent()) {
                String signal = "";
                String frame = "";
                for (String line : Files.readAllLines(report.get(), StandardCharsets.ISO_8859_1)) {
                    if (signal.isEmpty() && line.startsWith("#  ") && line.contains("(0x")) {
                        signal = line.substring(3).trim().split(" ")[0];
                    }
                    if (frame.isEmpty() && line.startsWith("# C  [")) {
                        frame = nativeFrame(line.substring("# C  [".length()));
                    }
                }
                if (!signal.isEmpty() || !frame.isEmpty()) {
                    return (signal + " in " + frame).trim();
                }
            }
        } catch (IOException e) {
            // Fall back to what it printed.
        }
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        return "exit " + exit + (last.isEmpty() ? "" : ": " + last);
    }

    /**
     * "libtorch_cpu.so+0x5d2a8ac] dnnl::…::est_eff_1x1()+0xa5c" → "libtorch_cpu.so
     * dnnl::…::est_eff_1x1()": the library and the function, without offsets.
     */
    static String nativeFrame(String frame) {
        int close = frame.indexOf(']');
        String library =
                (close < 0 ? frame : frame.substring(0, close)).replaceFirst("\\+0x[0-9a-f]+$", "");
        String function =
                close < 0
                        ? ""
                        : frame.substring(close + 1).trim().replaceFirst("\\+0x[0-9a-f]+$", "");
        return (library + " " + function).trim();
    }

    /**
     * The class path a child needs: ours, plus the jars of the classes and natives the kit uses.
     */
    static String childClassPath() {
        Set<String> entries =
                new LinkedHashSet<>(
                        Arrays.asList(
                                System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> type :
                List.of(
                        EngineGuard.class,
                        Engine.class,
                        PtEngine.class,
                        Native.class,
                        Gson.class,
                        LoggerFactory.class)) {
            location(
                            type.getProtectionDomain().getCodeSource() == null
                                    ? null
                                    : type.getProtectionDomain().getCodeSource().getLocation())
                    .ifPresent(entries::add);
        }
        for (String resource :
                List.of("native/lib/pytorch.properties", "jnilib/pytorch.properties")) {
            URL url = EngineGuard.class.getClassLoader().getResource(resource);
            if (url != null && "jar".equals(url.getProtocol())) {
                try {
                    location(((JarURLConnection) url.openConnection()).getJarFileURL())
                            .ifPresent(entries::add);
                } catch (IOException e) {
                    // The child then finds the natives in DJL's cache folder, where the parent
                    // unpacked them.
                }
            }
        }
        entries.removeIf(String::isBlank);
        return String.join(File.pathSeparator, entries);
    }

    private static Optional<String> location(URL url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The libtorch build on the class path (e.g. {@code 2.7.1-20250812}), read without loading it.
     */
    static String libtorchVersion() {
        Properties properties = new Properties();
        try (InputStream in =
                EngineGuard.class
                        .getClassLoader()
                        .getResourceAsStream("native/lib/pytorch.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Reported as unknown below.
        }
        String custom = System.getenv("PYTORCH_LIBRARY_PATH");
        return properties.getProperty("version", "unknown")
                + (custom == null ? "" : " at " + custom);
    }

    private static void passProperty(List<String> command, String key) {
        String value = System.getProperty(key);
        if (value != null) {
            command.add("-D" + key + "=" + value);
        }
    }

    /** The stored form of a decision. */
    private record Stored(
            int version,
            String cpu,
            String configuration,
            List<CandidateResult> results,
            String summary,
            double checkSeconds,
            String checkedAt) {}

    private static Optional<EngineDecision> read(Path file, CpuSignature cpu) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Stored stored = new Gson().fromJson(Files.readString(file), Stored.class);
            if (stored == null
                    || stored.version() != CHECK_VERSION
                    || !cpu.description().equals(stored.cpu())) {
                return Optional.empty();
            }
            return Optional.of(
                    new EngineDecision(
                            EngineConfiguration.parse(stored.configuration()),
                            EngineDecision.Source.CACHED,
                            stored.results() == null ? List.of() : List.copyOf(stored.results()),
                            stored.summary(),
                            0));
        } catch (IOException | JsonParseException | IllegalArgumentException e) {
            return Optional.empty(); // unreadable or from another version: check again
        }
    }

    private static void write(Path file, CpuSignature cpu, EngineDecision decision)
            throws IOException {
        Stored stored =
                new Stored(
                        CHECK_VERSION,
                        cpu.description(),
                        decision.configuration().label(),
                        decision.results(),
                        decision.cpu(),
                        decision.checkSeconds(),
                        Instant.now().toString());
        String json =
                new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(stored);
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, json));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A scratch folder in the temp directory; the OS cleans it up.
        }
    }
}
