package io.github.resnetcourse.kit.bench;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A benchmark child process: a fresh JVM or Python whose last line on stdout is one JSON result, so
 * that the memory it reports is its own. Every bench ({@link ChildRun}, {@link LessonChild}, {@link
 * ScalingBench}) starts its children here.
 */
final class JsonChild {
    private JsonChild() {}

    /**
     * Runs {@code command} and parses the JSON line it prints last.
     *
     * @param command the child's command line
     * @param unset variables removed from the inherited environment first
     * @param set variables set after that
     * @param log the file the child's stderr is appended to
     * @param type the result's type
     * @param what names the run in errors, e.g. {@code "kit on 32px-b128-full"}
     * @return the result
     * @throws IOException if the child cannot start, fails or prints no result; the message names
     *     the log, the last line and the command
     * @throws InterruptedException if interrupted while waiting
     */
    static <T> T run(
            List<String> command,
            Collection<String> unset,
            Map<String, String> set,
            Path log,
            Class<T> type,
            String what)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeAll(unset);
        builder.environment().putAll(set);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        if (exit != 0 || !last.startsWith("{")) {
            throw new IOException(
                    what
                            + " failed (exit "
                            + exit
                            + "); its stderr is in "
                            + log
                            + ", its last output line: "
                            + last
                            + "\nCommand: "
                            + String.join(" ", command));
        }
        try {
            return new Gson().fromJson(last, type);
        } catch (JsonParseException e) {
            throw new IOException(what + " printed no result: " + last, e);
        }
    }
}
