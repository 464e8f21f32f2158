package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The seeds' side of the lesson bench in tests: Debian's python with its torch 1.13. */
final class DebianTorch {

    /** The python that runs the seeds' scripts ({@code ./course setup} installs its packages). */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private DebianTorch() {}

    /**
     * Skips the calling test, saying why, unless Debian's python imports {@code modules}.
     *
     * @param modules a Python import list, e.g. {@code "torch, torchvision"}
     */
    static void assumeImports(String modules) throws Exception {
        assumeTrue(
                Files.isExecutable(PYTHON)
                        && new ProcessBuilder(PYTHON.toString(), "-c", "import " + modules)
                                        .start()
                                        .waitFor()
                                == 0,
                "Debian's python3 cannot import " + modules + " (python3-torch and friends)");
    }
}
