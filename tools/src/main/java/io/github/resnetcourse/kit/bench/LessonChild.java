package io.github.resnetcourse.kit.bench;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("GLIBC_TUNABLES");
        if (side == LessonSide.KIT) {
            builder.environment().putAll(Contender.KIT.environment());
        } else {
            // Keep bench/lessons free of __pycache__ folders.
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        }
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        if (exit != 0 || !last.startsWith("{")) {
            throw new IOException(
                    side.label()
                            + " failed on "
                            + stage.label()
                            + " (exit "
                            + exit
                            + "); its stderr is in "
                            + log
                            + ", its last output line: "
                            + last
                            + "\nCommand: "
                            + String.join(" ", command));
        }
        try {
            return new Gson().fromJson(last, StageMeasurement.class);
        } catch (JsonParseException e) {
            throw new IOException(side.label() + " printed no result: " + last, e);
        }
    }
}
