package io.github.resnetcourse.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenTest {
    private final MavenResolver offline =
            new MavenResolver("mvn", MavenResolver.Network.OFFLINE, 120);

    @Test
    void coordinatesParseInIJavasForms() throws Exception {
        assertEquals(new MavenCoordinate("g", "a", "jar", "", "1"), MavenCoordinate.parse("g:a:1"));
        assertEquals(
                new MavenCoordinate("g", "a", "jar", "linux-x86_64", "2"),
                MavenCoordinate.parse("g:a:jar:linux-x86_64:2"));
        MagicException e = assertThrows(MagicException.class, () -> MavenCoordinate.parse("g:a"));
        assertTrue(e.getMessage().contains("group:artifact:version"), e.getMessage());
    }

    @Test
    void resolvesAnArtifactAndItsDependenciesFromTheLocalRepository() throws Exception {
        // The build itself put gson 2.11.0 (and its error_prone_annotations) into ~/.m2.
        List<Path> jars =
                offline.resolve(
                        List.of(MavenCoordinate.parse("com.google.code.gson:gson:2.11.0")),
                        () -> false);
        assertTrue(
                jars.stream().anyMatch(p -> p.getFileName().toString().equals("gson-2.11.0.jar")),
                jars.toString());
        jars.forEach(p -> assertTrue(Files.isRegularFile(p), p + " exists"));
    }

    @Test
    void failedResolutionSaysWhatWentWrongAndWhatToDo() {
        MagicException e =
                assertThrows(
                        MagicException.class,
                        () ->
                                offline.resolve(
                                        List.of(
                                                MavenCoordinate.parse(
                                                        "io.github.resnetcourse.missing:nothing:0.0.1")),
                                        () -> false));
        assertTrue(
                e.getMessage()
                        .contains("could not resolve io.github.resnetcourse.missing:nothing:0.0.1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("needs the network"), e.getMessage());
    }

    @Test
    void missingMavenIsNamed() {
        MavenResolver noMaven =
                new MavenResolver("/nonexistent/mvn", MavenResolver.Network.OFFLINE, 10);
        MagicException e =
                assertThrows(
                        MagicException.class,
                        () ->
                                noMaven.resolve(
                                        List.of(MavenCoordinate.parse("g:a:1")), () -> false));
        assertTrue(e.getMessage().contains("needs Maven"), e.getMessage());
    }
}
