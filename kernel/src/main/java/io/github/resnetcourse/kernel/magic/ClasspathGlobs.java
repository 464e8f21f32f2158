package io.github.resnetcourse.kernel.magic;

import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands the paths given to {@code %jars}, {@code %classpath} and {@code IJAVA_CLASSPATH}: each
 * may be a glob ({@code lib/*.jar}); relative paths are relative to the kernel's working directory
 * (the notebook's folder).
 */
public final class ClasspathGlobs {
    /** What a pattern may match. */
    public enum Accept {
        /** Jar files only ({@code %jars}). */
        JARS,
        /** Jar files and class folders ({@code %classpath}). */
        JARS_AND_FOLDERS
    }

    private ClasspathGlobs() {}

    /**
     * The paths {@code pattern} names.
     *
     * @throws MagicException when nothing matches, naming the pattern and the folder searched
     */
    public static List<Path> expand(String pattern, Accept accept) throws MagicException {
        List<Path> found = new ArrayList<>();
        Path literal = Path.of(pattern);
        if (Files.exists(literal)) {
            found.add(literal.toAbsolutePath().normalize());
        } else {
            try {
                Iterable<Path> matches =
                        accept == Accept.JARS
                                ? new GlobFinder(pattern).computeMatchingFiles()
                                : new GlobFinder(pattern).computeMatchingPaths();
                for (Path p : matches) {
                    found.add(p.toAbsolutePath().normalize());
                }
            } catch (IOException | RuntimeException e) {
                throw new MagicException("Cannot search '" + pattern + "': " + e.getMessage(), e);
            }
        }
        if (accept == Accept.JARS) {
            found.removeIf(p -> !p.getFileName().toString().endsWith(".jar"));
        }
        if (found.isEmpty()) {
            throw new MagicException(
                    "Nothing matches '"
                            + pattern
                            + "' (relative paths start at "
                            + Path.of("").toAbsolutePath()
                            + ")"
                            + (accept == Accept.JARS ? "; %jars takes .jar files" : ""));
        }
        return found;
    }
}
