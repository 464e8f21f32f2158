package io.github.resnetcourse.kit.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every form of {@link AtomicFiles} on the real file system: complete content or none. */
class AtomicFilesTest {
    @Test
    void writesTheContentAndCreatesTheFolder(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("runs/history.csv");
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "epoch,loss\n1,0.5\n"));
        assertEquals("epoch,loss\n1,0.5\n", Files.readString(target));
        assertEquals(1, count(target.getParent()));
    }

    @Test
    void filesAndFoldersGetThePermissionsOfAnyNewFileNotOwnerOnly(@TempDir Path dir)
            throws IOException {
        // What the umask gives a file or folder this process creates, the way the kit's writes
        // must be readable by others on a shared machine (a class's data, the engine decision).
        Set<PosixFilePermission> plainFile =
                Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        Set<PosixFilePermission> plainFolder =
                Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("plain-folder")));

        Path file =
                AtomicFiles.write(
                        dir.resolve("decision.json"), tmp -> Files.writeString(tmp, "{}"));
        Path folder =
                AtomicFiles.writeFolder(
                        dir.resolve("dataset"),
                        tmp -> Files.writeString(tmp.resolve("a.bin"), "x"));

        assertEquals(plainFile, Files.getPosixFilePermissions(file));
        assertEquals(plainFolder, Files.getPosixFilePermissions(folder));
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

    @Test
    void aStagedFileAppearsUnderItsNameOnlyOnCommit(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("weights/twin.pth");
        try (AtomicFiles.Staged staged = AtomicFiles.stage(target)) {
            Files.writeString(staged.path(), "tensors");
            assertFalse(Files.exists(target), "nothing under the name before the commit");
            assertEquals(target, staged.commit());
            assertThrows(IllegalStateException.class, staged::commit);
        }
        assertEquals("tensors", Files.readString(target));
        assertEquals(List.of(target), list(target.getParent()));
    }

    @Test
    void aStagedFileClosedWithoutCommitLeavesNothing(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("twin.pth");
        assertThrows(
                IOException.class,
                () -> {
                    try (AtomicFiles.Staged staged = AtomicFiles.stage(target)) {
                        Files.writeString(staged.path(), "half the tensors");
                        throw new IOException("interrupted");
                    }
                });
        assertEquals(List.of(), list(dir));
    }

    @Test
    void commitMovesAKeptPartOverTheTargetAndLeavesNoPart(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("cifar.tar.gz");
        Path part = dir.resolve("cifar.tar.gz.part");
        Files.writeString(target, "stale");
        Files.writeString(part, "every byte");
        assertEquals(target, AtomicFiles.commit(part, target));
        assertEquals("every byte", Files.readString(target));
        assertEquals(List.of(target), list(dir));
    }

    @Test
    void aFolderAppearsWholeAndReplacesTheEarlierOne(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("synth/birds4");
        Files.createDirectories(target.resolve("old_class"));
        Files.writeString(target.resolve("old_class/a.jpg"), "old");
        AtomicFiles.writeFolder(
                target,
                tmp -> {
                    Files.createDirectories(tmp.resolve("new_class"));
                    Files.writeString(tmp.resolve("new_class/b.jpg"), "new");
                });
        assertEquals("new", Files.readString(target.resolve("new_class/b.jpg")));
        assertFalse(
                Files.exists(target.resolve("old_class")), "nothing of the old folder is mixed in");
        assertEquals(List.of(target), list(target.getParent()));
    }

    @Test
    void aFailedFolderWriteKeepsTheOldFolderAndLeavesNoTemporaryFolder(@TempDir Path dir)
            throws IOException {
        Path target = dir.resolve("flower_data");
        Files.createDirectories(target);
        Files.writeString(target.resolve("cat_to_name.json"), "{}");
        assertThrows(
                IOException.class,
                () ->
                        AtomicFiles.writeFolder(
                                target,
                                tmp -> {
                                    Files.createDirectories(tmp.resolve("train/1"));
                                    Files.writeString(tmp.resolve("train/1/a.jpg"), "half");
                                    throw new IOException("disk full");
                                }));
        assertEquals("{}", Files.readString(target.resolve("cat_to_name.json")));
        assertEquals(List.of(target), list(dir));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
