package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference script under {@code kit/src/test/python} with Debian's {@code /usr/bin/python3}
 * (torch 1.13, torchvision 0.14, h5py), failing with the fix when they are missing.
 */
public final class PythonReference {
    public static final Path PYTHON = Paths.get("/usr/bin/python3");

    private PythonReference() {}

    /** Runs {@code script} (relative to {@code kit/src/test/python}) with {@code args}. */
    public static void run(String script, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: run ./course setup (it installs python3-torchvision)");
        }
        Path scripts = kitDir().resolve("src/test/python");
        List<String> cmd =
                new ArrayList<>(List.of(PYTHON.toString(), scripts.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            if (out.contains("No module named")) {
                fail(
                        "Debian's torch/torchvision/h5py are missing for "
                                + PYTHON
                                + ": run ./course setup\n"
                                + out);
            }
            fail(script + " failed:\n" + out);
        }
    }

    /**
     * A scratch folder for generated weight files (up to ~1 GB): in RAM under {@code /dev/shm} when
     * it has room, because on a shared machine the disk, not the CPU, dominates these tests.
     */
    public static Path scratchDir(String prefix) throws IOException {
        Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm)
                && Files.isWritable(shm)
                && Files.getFileStore(shm).getUsableSpace() > (3L << 30)) {
            return Files.createTempDirectory(shm, prefix);
        }
        return Files.createTempDirectory(prefix);
    }

    /** Deletes a folder made by {@link #scratchDir(String)}. */
    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Path kitDir() {
        String home = System.getProperty("course.home");
        Path base = home == null ? Paths.get("").toAbsolutePath() : Paths.get(home);
        return Files.isDirectory(base.resolve("kit")) ? base.resolve("kit") : base;
    }
}
