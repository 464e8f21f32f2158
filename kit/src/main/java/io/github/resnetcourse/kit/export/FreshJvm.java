package io.github.resnetcourse.kit.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Java program in a new JVM with this JVM's class path (the kit and its libraries) and
 * environment: the honest test of an export is a process that shares nothing with the one that
 * trained the model.
 */
public final class FreshJvm {
    private FreshJvm() {}

    /**
     * Runs {@code mainClass} with {@code args}, waits up to {@code timeoutSeconds}, and returns its
     * standard output and error together; throws if it fails or runs too long.
     */
    public static String run(Class<?> mainClass, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        // Output to a file, not a pipe: a full pipe would block the child, and reading it would
        // block us past the timeout.
        Path log = Files.createTempFile("fresh-jvm", ".log");
        try {
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        mainClass.getSimpleName() + " ran longer than " + timeoutSeconds + " s.");
            }
            return checked(mainClass, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String checked(Class<?> mainClass, int status, String text) throws IOException {
        if (status != 0) {
            throw new IOException(
                    mainClass.getSimpleName()
                            + " failed with exit status "
                            + status
                            + ":\n"
                            + text);
        }
        return text;
    }
}
