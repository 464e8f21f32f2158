package io.github.resnetcourse.kernel;

import io.github.resnetcourse.kernel.eval.CellException;
import io.github.resnetcourse.kernel.eval.CellValue;
import io.github.resnetcourse.kernel.eval.JShellEvaluator;
import io.github.resnetcourse.kernel.magic.CellParts;
import io.github.resnetcourse.kernel.magic.ClasspathGlobs;
import io.github.resnetcourse.kernel.magic.MagicException;
import io.github.resnetcourse.kernel.magic.MagicLine;
import io.github.resnetcourse.kernel.magic.MavenCoordinate;
import io.github.resnetcourse.kernel.magic.MavenResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a cell: its Java code through JShell and its line magics ({@code %maven}, {@code %jars},
 * {@code %classpath}, {@code %load}) in the order they appear, as IJava does.
 */
public final class CellRunner implements AutoCloseable {
    /** The line magics, with the one-line help an unknown magic's error lists. */
    static final List<String> MAGICS =
            List.of(
                    "%maven group:artifact:version ...  resolve from Maven Central and add to the class path",
                    "%jars path-or-glob ...            add jars to the class path",
                    "%classpath path-or-glob ...       add jars or class folders to the class path",
                    "%load file.jsh ...                run the Java code in a file");

    private final JShellEvaluator evaluator;
    private final MavenResolver maven;

    /** Creates a runner on {@code evaluator}, resolving {@code %maven} with {@code maven}. */
    public CellRunner(JShellEvaluator evaluator, MavenResolver maven) {
        this.evaluator = evaluator;
        this.maven = maven;
    }

    /** The evaluator underneath (completion, inspection, completeness). */
    public JShellEvaluator evaluator() {
        return evaluator;
    }

    /**
     * Runs {@code cell} and returns the value of its last part when that part is code.
     *
     * @throws CellException at the first failing snippet or magic; earlier parts keep their effect
     */
    public CellValue run(String cell) throws CellException {
        evaluator.beginCell();
        return runParts(cell);
    }

    private CellValue runParts(String cell) throws CellException {
        if (cell.stripLeading().startsWith("%%")) {
            String name = cell.stripLeading().split("\\s", 2)[0];
            throw magicError(
                    new MagicException(
                            "Cell magics are not supported: "
                                    + name
                                    + ". Line magics: "
                                    + String.join("; ", MAGICS)));
        }
        CellValue value = CellValue.none();
        for (CellParts.Part part : CellParts.split(cell)) {
            if (evaluator.isCancelled()) {
                throw JShellEvaluator.interruptedError();
            }
            if (part.isMagic()) {
                value = CellValue.none();
                try {
                    runMagic(part.magic());
                } catch (MagicException e) {
                    throw magicError(e);
                }
            } else {
                value = evaluator.eval(CellParts.codeAtCellLines(part));
            }
        }
        return value;
    }

    /** Runs one line magic. */
    void runMagic(MagicLine magic) throws MagicException, CellException {
        switch (magic.name()) {
            case "jars":
                addAll(magic, ClasspathGlobs.Accept.JARS);
                break;
            case "classpath":
                addAll(magic, ClasspathGlobs.Accept.JARS_AND_FOLDERS);
                break;
            case "maven":
                List<MavenCoordinate> coordinates = new ArrayList<>();
                for (String arg : magic.args()) {
                    coordinates.add(MavenCoordinate.parse(arg));
                }
                int added = 0;
                for (Path jar : maven.resolve(coordinates, evaluator::isCancelled)) {
                    if (evaluator.addToClasspath(jar)) {
                        added++;
                    }
                }
                System.out.println(
                        "%maven: " + added + " jar(s) added to the class path for " + coordinates);
                break;
            case "load":
                requireArgs(magic, "%load file.jsh");
                for (String arg : magic.args()) {
                    runParts(readScript(arg));
                }
                break;
            default:
                throw new MagicException(
                        "Unknown magic %"
                                + magic.name()
                                + ". The kernel knows:\n  "
                                + String.join("\n  ", MAGICS));
        }
    }

    private void addAll(MagicLine magic, ClasspathGlobs.Accept accept) throws MagicException {
        requireArgs(magic, "%" + magic.name() + " path-or-glob");
        for (String arg : magic.args()) {
            for (Path p : ClasspathGlobs.expand(arg, accept)) {
                evaluator.addToClasspath(p);
            }
        }
    }

    private static void requireArgs(MagicLine magic, String usage) throws MagicException {
        if (magic.args().isEmpty()) {
            throw new MagicException("%" + magic.name() + " needs an argument: " + usage);
        }
    }

    /**
     * The text of a script for {@code %load} or {@code IJAVA_STARTUP_SCRIPTS_PATH}; a name without
     * extension also finds {@code name.jsh} and {@code name.jshell}.
     */
    static String readScript(String name) throws MagicException {
        for (String candidate : List.of(name, name + ".jsh", name + ".jshell")) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p)) {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new MagicException("Cannot read " + p.toAbsolutePath() + ": " + e, e);
                }
            }
        }
        throw new MagicException(
                "No file "
                        + name
                        + " (nor .jsh/.jshell) in "
                        + Path.of("").toAbsolutePath()
                        + "; paths are relative to the notebook's folder");
    }

    /** Runs a startup script file's code (magics included). */
    CellValue runScript(Path script) throws CellException {
        try {
            return runParts(Files.readString(script, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw magicError(
                    new MagicException("Cannot read startup script " + script + ": " + e, e));
        }
    }

    private static CellException magicError(MagicException e) {
        return new CellException(
                "MagicException", e.getMessage(), List.of(e.getMessage().split("\n")));
    }

    /** Stops the running cell (see {@link JShellEvaluator#interrupt()}). */
    public void interrupt() {
        evaluator.interrupt();
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
