package io.github.resnetcourse.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KitImportsTest {
    // The course-tools module's packages (tools/): never in the kit's jar, so never preloaded.
    private static final String CLI = "io.github.resnetcourse.kit.cli";
    private static final String BENCH = "io.github.resnetcourse.kit.bench";

    @Test
    void findsTheKitsPackagesFromItsClasses() throws Exception {
        List<String> packages = KitImports.kitPackages();
        assertTrue(packages.contains("io.github.resnetcourse.kit.notebook"), packages.toString());
        assertTrue(packages.contains("io.github.resnetcourse.kit.setup"), packages.toString());
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

    @Test
    void theKernelsClassPathCarriesNoCommandLineOrBenchmarkCode() throws Exception {
        List<String> tooling =
                KitImports.kitPackages().stream()
                        .filter(p -> p.startsWith(CLI) || p.startsWith(BENCH))
                        .toList();
        assertEquals(List.of(), tooling, "these belong in tools/, not in the kit's jar");
        // Nor does the kernel depend on the tools' module (kernel/pom.xml): its class path is
        // kernel/target/lib, what every notebook runs on.
        ClassLoader loader = KitImportsTest.class.getClassLoader();
        for (String command : List.of("DoctorCommand", "BenchCommand", "DataCommand")) {
            String resource = CLI.replace('.', '/') + "/" + command + ".class";
            assertNull(loader.getResource(resource), resource);
        }
        List<String> lines = KitImports.statements();
        assertFalse(lines.contains("import " + CLI + ".*;"), lines.toString());
        assertFalse(lines.contains("import " + BENCH + ".*;"), lines.toString());
    }

    /**
     * Two on-demand imports that export the same public simple name make that name unusable in
     * every cell ("reference to X is ambiguous"), and so does a kit or DJL name that repeats one of
     * {@code java.lang}, which every compilation unit imports. Covers every package a cell imports
     * on demand, so a class added anywhere in the kit later is checked too.
     */
    @Test
    void noTwoDefaultImportsExportTheSamePublicSimpleName() throws Exception {
        Map<String, TreeSet<String>> packagesByName = new TreeMap<>();
        Path kit = codeSource(Notebook.class);
        for (String pkg : KitImports.kitPackages()) {
            addNames(packagesByName, pkg, kit);
        }
        Path djl = codeSource(NDArray.class);
        for (String pkg : KitImports.DJL_PACKAGES) {
            addNames(packagesByName, pkg, djl);
        }
        addNames(packagesByName, "java.lang", Path.of(URI.create("jrt:/java.base")));

        List<String> clashes = new ArrayList<>();
        packagesByName.forEach(
                (name, packages) -> {
                    if (packages.size() > 1) {
                        clashes.add(name + " in " + String.join(" and ", packages));
                    }
                });
        assertTrue(
                clashes.isEmpty(),
                "Public simple names imported on demand by more than one package; rename one of"
                        + " each, or leave its package out of KitImports' default imports: "
                        + clashes);
        assertTrue(
                packagesByName.containsKey("Notebook") && packagesByName.containsKey("NDArray"),
                "the scan found the kit's and DJL's classes: " + packagesByName.keySet());
    }

    private static Path codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Adds the public top-level classes of {@code pkg} found in a jar, folder or jrt module. */
    private static void addNames(Map<String, TreeSet<String>> packagesByName, String pkg, Path root)
            throws IOException, ClassNotFoundException {
        String folder = pkg.replace('.', '/');
        if (Files.isRegularFile(root)) {
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                addPublicClasses(packagesByName, pkg, jar.getPath("/" + folder));
            }
        } else {
            addPublicClasses(packagesByName, pkg, root.resolve(folder));
        }
    }

    private static void addPublicClasses(
            Map<String, TreeSet<String>> packagesByName, String pkg, Path dir)
            throws IOException, ClassNotFoundException {
        List<String> simpleNames;
        try (Stream<Path> files = Files.list(dir)) {
            simpleNames =
                    files.map(p -> p.getFileName().toString())
                            .filter(f -> f.endsWith(".class") && !f.contains("$"))
                            .map(f -> f.substring(0, f.length() - ".class".length()))
                            .filter(n -> !n.equals("package-info") && !n.equals("module-info"))
                            .toList();
        }
        for (String simple : simpleNames) {
            // Loaded, not initialised: only the modifiers are read.
            Class<?> type =
                    Class.forName(pkg + "." + simple, false, KitImportsTest.class.getClassLoader());
            if (Modifier.isPublic(type.getModifiers())) {
                packagesByName.computeIfAbsent(simple, n -> new TreeSet<>()).add(pkg);
            }
        }
    }
}
