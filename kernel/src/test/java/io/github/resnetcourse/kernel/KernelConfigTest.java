package io.github.resnetcourse.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelConfigTest {
    @Test
    void readsIJavasVariables() {
        KernelConfig c =
                KernelConfig.fromEnvironment(
                        Map.of(
                                "IJAVA_CLASSPATH", "a.jar" + File.pathSeparator + "lib/*",
                                "IJAVA_STARTUP_SCRIPTS_PATH", "s.jsh",
                                "IJAVA_STARTUP_SCRIPT", "int x = 1;",
                                "IJAVA_COMPILER_OPTS", "-Xlint:all  -parameters",
                                "IJAVA_TIMEOUT", "1500"));
        assertEquals(List.of("a.jar", "lib/*"), c.classpath());
        assertEquals(List.of("s.jsh"), c.startupScriptPaths());
        assertEquals("int x = 1;", c.startupScript());
        assertEquals(List.of("-Xlint:all", "-parameters"), c.compilerOptions());
        assertEquals(Duration.ofMillis(1500), c.timeout());
    }

    @Test
    void defaultsMeanNoExtrasAndNoTimeout() {
        KernelConfig c = KernelConfig.fromEnvironment(Map.of());
        assertTrue(c.classpath().isEmpty());
        assertEquals(Duration.ZERO, c.timeout());
        assertEquals(Duration.ofSeconds(2), c.stopGrace());
        assertEquals(ImportPreload.KIT_IMPORTS, c.preload());
    }

    @Test
    void preloadingTheKitsImportsCanBeSwitchedOffAndABadValueIsNamed() {
        assertEquals(
                ImportPreload.NONE,
                KernelConfig.fromEnvironment(Map.of("COURSE_KERNEL_PRELOAD", "none")).preload());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KernelConfig.fromEnvironment(Map.of("COURSE_KERNEL_PRELOAD", "off")));
        assertTrue(e.getMessage().contains("COURSE_KERNEL_PRELOAD=off"), e.getMessage());
    }

    @Test
    void aBadNumberNamesTheVariable() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KernelConfig.fromEnvironment(Map.of("IJAVA_TIMEOUT", "soon")));
        assertTrue(e.getMessage().startsWith("IJAVA_TIMEOUT=soon"), e.getMessage());
    }
}
