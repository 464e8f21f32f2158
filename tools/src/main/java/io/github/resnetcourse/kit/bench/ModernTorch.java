package io.github.resnetcourse.kit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The modern CPU build of PyTorch for comparison, in {@code .venv-bench} of the course checkout;
 * created with pip on first use (offline from the machine's wheelhouse, or from PyPI). Only torch
 * is installed: the benchmark script defines ResNet18 itself, and pip's torchvision does not always
 * match the torch wheel beside it.
 */
public final class ModernTorch {

    /** The virtual environment's folder, relative to the course checkout. */
    public static final String VENV = ".venv-bench";

    private ModernTorch() {}

    /**
     * Returns the venv's python, creating the venv and installing torch if needed.
     *
     * @param home the course checkout
     * @return the python executable with a modern torch
     * @throws IOException if python3 or pip fail; the message says what to run by hand
     * @throws InterruptedException if interrupted
     */
    public static Path ensure(Path home) throws IOException, InterruptedException {
        Path venv = home.resolve(VENV);
        Path python = venv.resolve("bin/python");
        if (Files.isExecutable(python)
                && run(List.of(python.toString(), "-c", "import torch")) == 0) {
            return python;
        }
        System.out.println(
                "Installing modern torch into " + venv + " (one time, a few minutes)...");
        String pip = python + " -m pip install --retries 0 --timeout 5 torch";
        if (run(List.of("python3", "-m", "venv", venv.toString())) != 0
                || run(
                                List.of(
                                        python.toString(),
                                        "-m",
                                        "pip",
                                        "install",
                                        "--retries",
                                        "0",
                                        "--timeout",
                                        "5",
                                        "-q",
                                        "torch"))
                        != 0) {
            throw new IOException(
                    "Could not install torch into "
                            + venv
                            + ". Run `python3 -m venv "
                            + venv
                            + " && "
                            + pip
                            + "` by hand, or leave torch-modern out with --runtimes.");
        }
        return python;
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            return -1;
        }
    }
}
