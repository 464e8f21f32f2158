package io.github.resnetcourse.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KitImportsTest {
    @Test
    void findsTheKitsPackagesFromItsClasses() throws Exception {
        List<String> packages = KitImports.kitPackages();
        assertTrue(packages.contains("io.github.resnetcourse.kit.notebook"), packages.toString());
        assertTrue(packages.stream().allMatch(p -> p.startsWith("io.github.resnetcourse.kit")));
    }

    @Test
    void importsTheKitDjlAndTheDisplayApi() throws Exception {
        List<String> lines = KitImports.statements();
        assertTrue(
                lines.contains("import io.github.resnetcourse.kit.notebook.*;"), lines.toString());
        assertTrue(lines.contains("import ai.djl.ndarray.*;"), lines.toString());
        assertTrue(
                lines.contains("import static io.github.resnetcourse.kernel.runtime.Display.*;"),
                lines.toString());
    }
}
