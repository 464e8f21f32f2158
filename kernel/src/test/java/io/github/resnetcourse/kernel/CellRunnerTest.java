package io.github.resnetcourse.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kernel.eval.CellException;
import io.github.resnetcourse.kernel.eval.CellExecutionControl;
import io.github.resnetcourse.kernel.eval.JShellEvaluator;
import io.github.resnetcourse.kernel.magic.MavenResolver;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellRunnerTest {
    private static CellRunner runner;

    @BeforeAll
    static void start() {
        runner =
                new CellRunner(
                        JShellEvaluator.start(
                                new CellExecutionControl(Duration.ofMillis(500), Duration.ZERO),
                                List.of()),
                        new MavenResolver("mvn", MavenResolver.Network.OFFLINE, 60));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void loadRunsAScriptBeforeTheCodeAfterIt(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("helpers.jsh");
        Files.writeString(script, "int twice(int v) { return 2 * v; }\n");
        assertEquals(42, runner.run("%load " + script + "\ntwice(21)").get());
    }

    @Test
    void jarsAddsAJarTheNextLineCanUse(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("Shout.java");
        Files.writeString(
                src,
                "package shout; public class Shout { public static String up(String s) {"
                        + " return s.toUpperCase(); } }");
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler()
                        .run(null, null, null, "-d", dir.toString(), src.toString()));
        Path jar = dir.resolve("shout.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jos = new JarOutputStream(out)) {
            jos.putNextEntry(new JarEntry("shout/Shout.class"));
            jos.write(Files.readAllBytes(dir.resolve("shout/Shout.class")));
            jos.closeEntry();
        }
        assertEquals("HEY", runner.run("%jars " + dir + "/*.jar\nshout.Shout.up(\"hey\")").get());
    }

    @Test
    void unknownMagicListsTheKnownOnes() {
        CellException e = assertThrows(CellException.class, () -> runner.run("%timeit 1"));
        assertEquals("MagicException", e.errorName());
        assertTrue(e.getMessage().contains("%maven"), e.getMessage());
    }

    @Test
    void jarsWithoutAMatchNamesThePattern() {
        CellException e =
                assertThrows(CellException.class, () -> runner.run("%jars /nonexistent/*.jar"));
        assertTrue(e.getMessage().contains("/nonexistent/*.jar"), e.getMessage());
    }
}
