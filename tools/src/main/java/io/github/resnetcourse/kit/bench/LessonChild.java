package io.github.resnetcourse.kit.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link LessonStage} on one {@link LessonSide} in a fresh child process, so that its peak
 * memory is its own, and parses the JSON line it prints last. The kit's child is launched as the
 * kernel launches the kit (the JVM flags and huge-page tunable of {@link Contender#KIT}); the
 * seed's child runs as its users run it, with the same intra-op threads.
 */
final class LessonChild {
    private final Path home;
    private final Path torchPython;
    private final Path dataRoot;
    private final int threads;
    private final Path log;

    LessonChild(Path home, Path torchPython, Path dataRoot, int threads, Path log) {
        this.home = home;
        this.torchPython = torchPython;
        this.dataRoot = dataRoot;
        this.threads = threads;
        this.log = log;
    }

    /** The child's command line for {@code stage} on {@code side}. */
    List<String> command(LessonSide side, LessonStage stage, int warmup, int batches) {
        List<String> command = new ArrayList<>();
        if (side == LessonSide.KIT) {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx2g");
            command.add("-XX:+UseSerialGC");
            command.add("-Xms64m");
            command.add("-Dai.djl.pytorch.num_threads=" + threads);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(KitLessonRunner.class.getName());
            command.add(stage.label());
            command.add(dataRoot.toString());
        } else {
            command.add(torchPython.toString());
            command.add(home.resolve("bench/lessons").resolve(stage.seedScript()).toString());
            command.add(stage.seedStage());
            command.add(dataRoot.toString());
        }
        command.add(String.valueOf(warmup));
        command.add(String.valueOf(batches));
        if (side == LessonSide.SEED) {
            command.add(String.valueOf(threads));
        }
        return command;
    }

    /**
     * Runs the child and returns what it measured.
     *
     * @throws IOException if it cannot start, fails or prints no result; the message names the log
     */
    StageMeasurement measure(LessonSide side, LessonStage stage, int warmup, int batches)
            throws IOException, InterruptedException {
        List<String> command = command(side, stage, warmup, batches);
        Map<String, String> set = new HashMap<>();
        if (side == LessonSide.KIT) {
            set.putAll(Contender.KIT.environment());
        } else {
            // Keep bench/lessons free of __pycache__ folders.
            set.put("PYTHONDONTWRITEBYTECODE", "1");
        }
        set.put("OMP_NUM_THREADS", String.valueOf(threads));
        return JsonChild.run(
                command,
                List.of("GLIBC_TUNABLES"),
                set,
                log,
                StageMeasurement.class,
                side.label() + " on " + stage.label());
    }
}
