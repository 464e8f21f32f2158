package io.github.resnetcourse.kit.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.DatasetCatalog;
import io.github.resnetcourse.kit.data.Flowers102;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated twins appear whole or not at all. A cell interrupted while a twin is written (the
 * kernel's Stop button interrupts the cell's thread) stops after the file it is writing and leaves
 * the earlier twin as it was and no temporary folder beside it.
 */
class SyntheticDataTest {
    @TempDir Path root;

    private SyntheticData.Builder small() {
        return SyntheticData.builder()
                .setRoot(root)
                .optCifarPerBatch(4)
                .optCifarTest(4)
                .optFlowerClasses(3)
                .optFlowersPerClass(2, 1)
                .optFlowerSize(16)
                .optBirds(2, 16);
    }

    @Test
    void writesEachDatasetInItsRealLayout() throws IOException {
        small().build().writeAll();
        for (DatasetCatalog d : DatasetCatalog.values()) {
            assertTrue(d.isPresent(root), d + " is present");
        }
        Path cifar = root.resolve(Cifar10.FOLDER);
        assertEquals(4L * Cifar10.RECORD, Files.size(cifar.resolve("data_batch_5.bin")));
        assertEquals(
                List.of(
                        "batches.meta.txt",
                        "data_batch_1.bin",
                        "data_batch_2.bin",
                        "data_batch_3.bin",
                        "data_batch_4.bin",
                        "data_batch_5.bin",
                        "test_batch.bin"),
                names(cifar));
        Path flowers = root.resolve(DatasetCatalog.FLOWERS102.folder());
        assertEquals(List.of("1", "2", "3"), names(flowers.resolve("train")));
        assertEquals(2, names(flowers.resolve("train/3")).size());
        assertEquals(4, names(root.resolve(DatasetCatalog.BIRDS4.folder())).size());
        assertEquals(
                Stream.of(DatasetCatalog.values()).map(DatasetCatalog::folder).sorted().toList(),
                names(root),
                "no temporary folders are left");
    }

    @Test
    void ensuringOneDatasetGeneratesOnlyThatTwinAndOnlyOnce() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        var saved = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            SyntheticData.ensure(root, DatasetCatalog.CIFAR10);
            SyntheticData.ensure(root, DatasetCatalog.CIFAR10);
        } finally {
            System.setOut(saved);
        }
        assertTrue(DatasetCatalog.CIFAR10.isPresent(root));
        assertTrue(!DatasetCatalog.FLOWERS102.isPresent(root), "no Flowers-102 twin");
        assertTrue(!DatasetCatalog.BIRDS4.isPresent(root), "no 4-class twin");
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, printed.split("Generated", -1).length - 1, printed);
        assertTrue(printed.startsWith("Generated CIFAR-10 twin"), printed);
    }

    @Test
    void anInterruptedGenerationKeepsTheEarlierTwinAndLeavesNoTemporaryFolder() throws IOException {
        small().build().writeAll();
        Path flowers = root.resolve(DatasetCatalog.FLOWERS102.folder());
        String namesBefore = Files.readString(flowers.resolve(Flowers102.NAMES));
        List<String> rootBefore = names(root);

        SyntheticData bigger = small().optFlowerClasses(5).optSeed(99).build();
        assertFailsWhenInterrupted(bigger::writeFlowers102);
        assertFailsWhenInterrupted(bigger::writeCifar10);
        assertFailsWhenInterrupted(bigger::writeBirds4);

        assertEquals(namesBefore, Files.readString(flowers.resolve(Flowers102.NAMES)));
        assertEquals(List.of("1", "2", "3"), names(flowers.resolve("train")));
        assertEquals(rootBefore, names(root), "no temporary folders are left");
    }

    /** Runs {@code write} on a thread already interrupted, as a stopped cell's thread is. */
    private static void assertFailsWhenInterrupted(Executable write) {
        Thread.currentThread().interrupt();
        try {
            InterruptedIOException e = assertThrows(InterruptedIOException.class, write);
            assertTrue(e.getMessage().contains("interrupted after"), e.getMessage());
        } finally {
            // The generation keeps the interrupt set for its caller; the test must not leak it.
            Thread.interrupted();
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
