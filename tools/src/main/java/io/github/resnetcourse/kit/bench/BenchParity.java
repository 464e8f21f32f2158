package io.github.resnetcourse.kit.bench;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.engine.HugePages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before any timing, that the kit's ResNet18 gives PyTorch's logits at a benchmarked shape
 * under the engine configuration the benchmark runs: Debian's torch 1.13 writes weights, a batch
 * and its logits ({@code bench/parity_reference.py}); a kit child ({@link ParityCheck}) loads them
 * and compares. A fast wrong answer does not count.
 */
public final class BenchParity {

    private BenchParity() {}

    /**
     * Runs the check for {@code size}×{@code size} images in batches of {@code batch}.
     *
     * @param log file that receives both children's stderr
     * @throws IOException if either side cannot run (the message names the log)
     */
    public static ParityCheck.Result check(int size, int batch, int threads, Path home, Path log)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("course-bench-parity");
        try {
            String layout = Engines.init().channelsLast() ? "channels-last" : "nchw";
            run(
                    List.of(
                            "/usr/bin/python3",
                            home.resolve("bench/parity_reference.py").toString(),
                            dir.toString(),
                            String.valueOf(size),
                            String.valueOf(batch),
                            layout),
                    threads,
                    log);
            List<String> kit = new ArrayList<>();
            kit.add(ProcessHandle.current().info().command().orElse("java"));
            kit.addAll(List.of("-Xmx2g", "-XX:+UseSerialGC", "-Xms64m"));
            kit.add("-Dai.djl.pytorch.num_threads=" + threads);
            kit.addAll(List.of("-cp", System.getProperty("java.class.path")));
            kit.addAll(
                    List.of(
                            ParityCheck.class.getName(),
                            dir.toString(),
                            String.valueOf(size),
                            String.valueOf(batch)));
            String out = run(kit, threads, log);
            String last = out.strip().lines().reduce((a, b) -> b).orElse("");
            try {
                return new Gson().fromJson(last, ParityCheck.Result.class);
            } catch (JsonParseException e) {
                throw new IOException("the kit's parity check printed no result: " + last, e);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String run(List<String> command, int threads, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("GLIBC_TUNABLES", HugePages.GLIBC_TUNABLE);
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(
                    "parity check failed (exit "
                            + process.exitValue()
                            + "); see "
                            + log
                            + ". Command: "
                            + String.join(" ", command));
        }
        return out;
    }
}
