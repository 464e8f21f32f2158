package io.github.resnetcourse.kit.bench;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs one case in a fresh child process and parses the JSON line it prints last. */
public final class ChildRun {

    private ChildRun() {}

    /**
     * Measures {@code benchCase} with {@code contender} in a child process.
     *
     * @param contender who runs it
     * @param benchCase what to run
     * @param threads intra-op threads
     * @param home the course checkout (for {@code bench/resnet_bench.py})
     * @param modernPython the virtual environment's python, for {@link Contender#TORCH_MODERN}
     * @param log file that receives the child's stderr
     * @return the child's measurement
     * @throws IOException if the child cannot start or fails; the message names the log
     * @throws InterruptedException if interrupted while waiting
     */
    public static Measurement measure(
            Contender contender,
            BenchCase benchCase,
            int threads,
            Path home,
            Path modernPython,
            Path log)
            throws IOException, InterruptedException {
        List<String> command = contender.command(benchCase, threads, home, modernPython);
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The launcher turns huge pages on for its own JVM; each child gets what its contender
        // says, so PyTorch runs as its users run it.
        builder.environment().remove("GLIBC_TUNABLES");
        builder.environment().putAll(contender.environment());
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        if (exit != 0 || !last.startsWith("{")) {
            throw new IOException(
                    contender.label()
                            + " failed on "
                            + benchCase.name()
                            + " (exit "
                            + exit
                            + "); see "
                            + log
                            + ". Command: "
                            + String.join(" ", command));
        }
        try {
            return new Gson().fromJson(last, Measurement.class);
        } catch (JsonParseException e) {
            throw new IOException(contender.label() + " printed no result: " + last, e);
        }
    }
}
