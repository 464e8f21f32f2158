package io.github.resnetcourse.kit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.bench.BenchReport;
import io.github.resnetcourse.kit.setup.Doctor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command-line and benchmark packages live in this module only: the kit's jar (or, inside a
 * reactor build, its class folder) holds none of their classes and registers none of them as a
 * service, so the kernel and the notebooks never load them and no package is split across the two
 * jars. Reads the kit's real build output, found from where its classes were loaded.
 */
class KitJarBoundaryTest {
    private static final List<String> TOOLS_PACKAGES =
            List.of("io/github/resnetcourse/kit/cli/", "io/github/resnetcourse/kit/bench/");

    /**
     * Maven deletes the classes of removed sources but not removed resources: a kit/target built
     * before these packages left the kit still holds their service file.
     */
    private static final String STALE =
            "; if no source under kit/src names them, they are left from an older build:"
                    + " mvn -q -pl kit clean, then build again";

    @Test
    void kitBuildOutputHoldsNoCommandLineOrBenchmarkClass() throws IOException {
        List<String> entries = kitEntries();
        assertTrue(
                entries.contains("io/github/resnetcourse/kit/setup/Doctor.class"),
                "read the wrong thing: no Doctor.class among " + entries.size() + " kit entries");
        List<String> misplaced =
                entries.stream()
                        .filter(e -> TOOLS_PACKAGES.stream().anyMatch(e::startsWith))
                        .toList();
        assertEquals(
                List.of(),
                misplaced,
                "these belong in tools/src/main/java, not kit/ (" + kitLocation() + ")" + STALE);
    }

    @Test
    void kitRegistersNoCommandLineOrBenchmarkClassAsAService() throws IOException {
        Path kit = kitLocation();
        List<String> offending = new ArrayList<>();
        try (Root root = Root.open(kit)) {
            Path services = root.path().resolve("META-INF/services");
            if (Files.isDirectory(services)) {
                try (Stream<Path> files = Files.list(services)) {
                    for (Path f : files.toList()) {
                        for (String line : Files.readAllLines(f)) {
                            String name = line.replaceAll("#.*", "").trim().replace('.', '/');
                            if (TOOLS_PACKAGES.stream().anyMatch(name::startsWith)) {
                                offending.add(f.getFileName() + ": " + line.trim());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offending, "in " + kit + STALE);
    }

    @Test
    void toolsClassesComeFromTheirOwnModule() throws Exception {
        Path kit = kitLocation();
        assertNotEquals(kit, location(DoctorCommand.class));
        assertNotEquals(kit, location(BenchReport.class));
    }

    private static Path kitLocation() {
        try {
            return location(Doctor.class);
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the kit's classes", e);
        }
    }

    private static Path location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Every file in the kit's jar or class folder, as a '/'-separated path relative to its root.
     */
    private static List<String> kitEntries() throws IOException {
        try (Root root = Root.open(kitLocation());
                Stream<Path> files = Files.walk(root.path())) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.path().relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
    }

    /** The root of a class folder, or of a jar opened as a zip file system. */
    private record Root(Path path, FileSystem zip) implements AutoCloseable {
        static Root open(Path location) throws IOException {
            if (Files.isDirectory(location)) {
                return new Root(location, null);
            }
            FileSystem fs =
                    FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of());
            return new Root(fs.getPath("/"), fs);
        }

        @Override
        public void close() throws IOException {
            if (zip != null) {
                zip.close();
            }
        }
    }
}
