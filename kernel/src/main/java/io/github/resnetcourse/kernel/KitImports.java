package io.github.resnetcourse.kernel;

import io.github.resnetcourse.kit.notebook.Notebook;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The imports every cell starts with: every package of the kit, found in the kit's jar (or class
 * folder, in the build) so packages added later need no change here, plus DJL's tensor API and the
 * kernel's IJava-compatible {@code display}/{@code render}/{@code updateDisplay}. The course's
 * command-line tools and benchmark harness are not in the kit's jar (they live in the {@code
 * course-tools} module, {@code tools/}), so nothing here has to leave them out.
 *
 * <p>Every on-demand import is one JShell compile at start, and every public simple name it brings
 * must be unique across them (a cell using a name two imports share gets "reference to X is
 * ambiguous"); {@code KitImportsTest} checks that.
 */
final class KitImports {
    private static final String KIT_ROOT = "io/github/resnetcourse/kit/";

    /** DJL packages a lesson uses directly: tensors, shapes, indexing, devices and models. */
    static final List<String> DJL_PACKAGES =
            List.of("ai.djl", "ai.djl.ndarray", "ai.djl.ndarray.types", "ai.djl.ndarray.index");

    /** IJava's display API; one on-demand import, since every import is one JShell compile. */
    static final List<String> STATIC_IMPORTS =
            List.of("io.github.resnetcourse.kernel.runtime.Display");

    private KitImports() {}

    /** The import statements, one per line. */
    static List<String> statements() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String pkg : kitPackages()) {
            lines.add("import " + pkg + ".*;");
        }
        for (String pkg : DJL_PACKAGES) {
            lines.add("import " + pkg + ".*;");
        }
        for (String member : STATIC_IMPORTS) {
            lines.add("import static " + member + ".*;");
        }
        return lines;
    }

    /** Every package of the kit holding at least one top-level class, sorted. */
    static List<String> kitPackages() throws IOException {
        CodeSource source = Notebook.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IOException("Cannot locate the kit's jar: its classes have no code source");
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("Cannot locate the kit's jar: " + source.getLocation(), e);
        }
        TreeSet<String> packages = new TreeSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.map(p -> location.relativize(p).toString().replace('\\', '/'))
                        .forEach(name -> addPackage(packages, name));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(JarEntry::getName).forEach(name -> addPackage(packages, name));
            }
        }
        return List.copyOf(packages);
    }

    private static void addPackage(TreeSet<String> packages, String entry) {
        if (!entry.startsWith(KIT_ROOT) || !entry.endsWith(".class") || entry.contains("$")) {
            return;
        }
        String simple = entry.substring(entry.lastIndexOf('/') + 1);
        if (simple.equals("package-info.class") || simple.equals("module-info.class")) {
            return;
        }
        packages.add(entry.substring(0, entry.lastIndexOf('/')).replace('/', '.'));
    }
}
