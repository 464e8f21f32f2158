package io.github.resnetcourse.kit.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void writesTheContentAndCreatesTheFolder(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("runs/history.csv");
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "epoch,loss\n1,0.5\n"));
        assertEquals("epoch,loss\n1,0.5\n", Files.readString(target));
        assertEquals(1, count(target.getParent()));
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("best.ckpt");
        Files.writeString(target, "old, complete");
        assertThrows(
                IOException.class,
                () ->
                        AtomicFiles.write(
                                target,
                                tmp -> {
                                    Files.writeString(tmp, "half");
                                    throw new IOException("disk full");
                                }));
        assertEquals("old, complete", Files.readString(target));
        assertEquals(1, count(dir));
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
