package io.github.resnetcourse.kit.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        // The launcher turns huge pages on for its own JVM; each child gets what its contender
        // says, so PyTorch runs as its users run it.
        Map<String, String> set = new HashMap<>(contender.environment());
        set.put("OMP_NUM_THREADS", String.valueOf(threads));
        return JsonChild.run(
                command,
                List.of("GLIBC_TUNABLES"),
                set,
                log,
                Measurement.class,
                contender.label() + " on " + benchCase.name());
    }
}
