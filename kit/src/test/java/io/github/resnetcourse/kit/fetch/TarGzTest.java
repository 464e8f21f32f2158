package io.github.resnetcourse.kit.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extracts archives written by the system's GNU tar, including long names. */
class TarGzTest {
    @TempDir Path dir;

    @Test
    void extractsFilesWithLongNamesAndRenames() throws Exception {
        Path src = dir.resolve("src");
        String longDir = "d".repeat(120);
        Files.createDirectories(src.resolve("top/" + longDir));
        Files.writeString(src.resolve("top/a.txt"), "alpha");
        Files.writeString(src.resolve("top/" + longDir + "/b.txt"), "beta".repeat(300));
        Path archive = dir.resolve("x.tar.gz");
        Process p =
                new ProcessBuilder(
                                List.of(
                                        "tar",
                                        "-czf",
                                        archive.toString(),
                                        "-C",
                                        src.toString(),
                                        "top"))
                        .inheritIO()
                        .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "tar failed");

        Path out = dir.resolve("out");
        int n =
                TarGz.extract(
                        archive, out, name -> name.startsWith("top/") ? name.substring(4) : null);
        assertEquals(2, n);
        assertEquals("alpha", Files.readString(out.resolve("a.txt")));
        assertEquals("beta".repeat(300), Files.readString(out.resolve(longDir + "/b.txt")));
    }

    @Test
    void skipsEntriesTheFilterRejects() throws IOException, InterruptedException {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("keep.txt"), "k");
        Files.writeString(src.resolve("drop.txt"), "d");
        Path archive = dir.resolve("y.tar.gz");
        new ProcessBuilder("tar", "-czf", archive.toString(), "-C", src.toString(), ".")
                .start()
                .waitFor();
        Path out = dir.resolve("out");
        TarGz.extract(archive, out, name -> name.endsWith("keep.txt") ? "keep.txt" : null);
        assertTrue(Files.exists(out.resolve("keep.txt")));
        assertFalse(Files.exists(out.resolve("drop.txt")));
    }
}
