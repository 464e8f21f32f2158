package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's binary format read from generated files of the real layout. */
class Cifar10Test {
    @TempDir static Path root;

    @BeforeAll
    static void generate() throws IOException {
        SyntheticData.builder()
                .setRoot(root)
                .optCifarPerBatch(200)
                .optCifarTest(100)
                .build()
                .writeCifar10();
    }

    private static Cifar10.Builder builder(Path r, Split split) {
        return Cifar10.builder().setRoot(r).setSplit(split).setSampling(32, false).optWorkers(0);
    }

    @Test
    void readsAllTrainBatchesTestBatchAndClassNames() throws Exception {
        Cifar10 train = builder(root, Split.TRAIN).build();
        Cifar10 test = builder(root, Split.TEST).build();
        assertEquals(1000, train.size());
        assertEquals(100, test.size());
        assertEquals(10, train.classNames().size());
        assertTrue(train.classNames().get(0).startsWith("synthetic_"), train.classNames().get(0));
        // Record 0 of data_batch_1: the label byte and the first red pixel, read straight from
        // disk.
        byte[] raw = Files.readAllBytes(root.resolve("cifar-10-batches-bin/data_batch_1.bin"));
        assertEquals(raw[0], train.label(0));
        assertEquals((raw[1] & 0xff) / 255f, train.image(0).get(0, 0, 0));
        assertEquals((raw[1 + 2048] & 0xff) / 255f, train.image(0).get(2, 0, 0));
        // Record 0 of data_batch_2 follows the 200 records of batch 1.
        byte[] raw2 = Files.readAllBytes(root.resolve("cifar-10-batches-bin/data_batch_2.bin"));
        assertEquals(raw2[0], train.label(200));
    }

    @Test
    void limitKeepsTheFirstRecords() throws Exception {
        Cifar10 some = builder(root, Split.TRAIN).optLimit(50).build();
        assertEquals(50, some.size());
    }

    @Test
    void batchesHaveTensorShapesAndSeededShuffleRepeats() throws Exception {
        List<Float> first = labelsOfFirstBatch(7);
        assertEquals(first, labelsOfFirstBatch(7), "same seed, same order");
        assertNotEquals(first, labelsOfFirstBatch(8), "another seed, another order");
    }

    private static List<Float> labelsOfFirstBatch(long seed) throws Exception {
        Cifar10 d =
                Cifar10.builder()
                        .setRoot(root)
                        .setSplit(Split.TRAIN)
                        .optTransform(Pipelines.cifarTrain())
                        .optSeed(seed)
                        .setSampling(16, true)
                        .build();
        try (NDManager m = NDManager.newBaseManager()) {
            for (Batch b : d.getData(m)) {
                try (b) {
                    assertEquals(
                            new ai.djl.ndarray.types.Shape(16, 3, 32, 32),
                            b.getData().head().getShape());
                    List<Float> labels = new ArrayList<>();
                    for (float f : b.getLabels().head().toFloatArray()) {
                        labels.add(f);
                    }
                    return labels;
                }
            }
        }
        throw new AssertionError("no batch");
    }

    @Test
    void augmentationIsReproducibleAcrossThreadCounts() throws Exception {
        float[] one = firstBatchPixels(0);
        float[] two = firstBatchPixels(2);
        assertArrayEquals(one, two);
    }

    private static float[] firstBatchPixels(int workers) throws Exception {
        Cifar10 d =
                Cifar10.builder()
                        .setRoot(root)
                        .setSplit(Split.TEST)
                        .optTransform(Pipelines.cifarTrain())
                        .optWorkers(workers)
                        .setSampling(8, false)
                        .build();
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = d.getData(m).iterator().next();
            float[] out = b.getData().head().toFloatArray();
            b.close();
            return out;
        }
    }

    @Test
    void truncatedFileNamesFileAndRecordOffset(@TempDir Path copy) throws Exception {
        Path dir = copyOf(copy);
        Path batch = dir.resolve("data_batch_3.bin");
        byte[] all = Files.readAllBytes(batch);
        Files.write(batch, java.util.Arrays.copyOf(all, all.length - 100));
        IOException e = assertThrows(IOException.class, () -> builder(copy, Split.TRAIN).build());
        assertTrue(e.getMessage().contains("data_batch_3.bin"), e.getMessage());
        assertTrue(
                e.getMessage().contains("record 199 at byte offset " + 199 * 3073), e.getMessage());
        assertTrue(e.getMessage().contains("./course data fetch cifar10"), e.getMessage());
    }

    @Test
    void corruptLabelByteFailsInsteadOfMislabelling(@TempDir Path copy) throws Exception {
        Path dir = copyOf(copy);
        Path test = dir.resolve("test_batch.bin");
        byte[] all = Files.readAllBytes(test);
        all[5 * 3073] = (byte) 200;
        Files.write(test, all);
        IOException e = assertThrows(IOException.class, () -> builder(copy, Split.TEST).build());
        assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
        assertTrue(
                e.getMessage().contains("record 5 at byte offset 15365 has label 200"),
                e.getMessage());
    }

    @Test
    void missingDatasetNamesPathCommandAndSize(@TempDir Path empty) {
        DatasetMissingException e =
                assertThrows(
                        DatasetMissingException.class, () -> builder(empty, Split.TRAIN).build());
        assertTrue(
                e.getMessage().contains(empty.resolve("cifar-10-batches-bin").toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("./course data fetch cifar10"), e.getMessage());
        assertTrue(e.getMessage().contains("170.1 MB"), e.getMessage());
    }

    private static Path copyOf(Path target) throws IOException {
        Path dir = target.resolve("cifar-10-batches-bin");
        Files.createDirectories(dir);
        try (var s = Files.list(root.resolve("cifar-10-batches-bin"))) {
            for (Path p : s.toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        return dir;
    }
}
