package io.github.resnetcourse.kernel;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the kernel reads from its environment, with IJava's variable names and meanings so that
 * set-ups written for IJava keep working.
 *
 * @param classpath {@code IJAVA_CLASSPATH}: jars, folders or globs, separated by the platform's
 *     path separator, added to the class path at start
 * @param startupScriptPaths {@code IJAVA_STARTUP_SCRIPTS_PATH}: {@code .jsh} files or globs,
 *     separated by the path separator, run at start in order
 * @param startupScript {@code IJAVA_STARTUP_SCRIPT}: Java code run at start after the scripts
 * @param compilerOptions {@code IJAVA_COMPILER_OPTS}: extra javac options, space separated
 * @param timeout {@code IJAVA_TIMEOUT}: milliseconds one snippet may run; zero for no limit
 * @param stopGrace {@code COURSE_KERNEL_STOP_GRACE_MS}: how long an interrupted cell may take to
 *     stop before it is killed
 * @param preload {@code COURSE_KERNEL_PRELOAD}: whether the kit's imports are preloaded
 */
public record KernelConfig(
        List<String> classpath,
        List<String> startupScriptPaths,
        String startupScript,
        List<String> compilerOptions,
        Duration timeout,
        Duration stopGrace,
        ImportPreload preload) {

    /** Defensive copies. */
    public KernelConfig {
        classpath = List.copyOf(classpath);
        startupScriptPaths = List.copyOf(startupScriptPaths);
        compilerOptions = List.copyOf(compilerOptions);
    }

    /**
     * Reads the configuration from {@code env}.
     *
     * @throws IllegalArgumentException naming the variable when a number does not parse
     */
    public static KernelConfig fromEnvironment(Map<String, String> env) {
        return new KernelConfig(
                pathList(env.get("IJAVA_CLASSPATH")),
                pathList(env.get("IJAVA_STARTUP_SCRIPTS_PATH")),
                env.getOrDefault("IJAVA_STARTUP_SCRIPT", ""),
                words(env.get("IJAVA_COMPILER_OPTS")),
                Duration.ofMillis(Math.max(0, millis(env, "IJAVA_TIMEOUT", -1))),
                Duration.ofMillis(millis(env, "COURSE_KERNEL_STOP_GRACE_MS", 2000)),
                ImportPreload.parse(env.get(ImportPreload.VARIABLE)));
    }

    private static List<String> pathList(String raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String p : raw.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    out.add(p.strip());
                }
            }
        }
        return out;
    }

    private static List<String> words(String raw) {
        return raw == null || raw.isBlank() ? List.of() : Arrays.asList(raw.strip().split("\\s+"));
    }

    private static long millis(Map<String, String> env, String key, long fallback) {
        String raw = env.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + "=" + raw + " is not a whole number of milliseconds", e);
        }
    }
}
