package io.github.resnetcourse.kit.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.DatasetCatalog;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.models.ImageClassifier;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache file: found again by content, invalidated when the weights or the images change,
 * readable out of core, and rebuilt — saying so and naming the file — when truncated or damaged.
 */
class FeatureCacheFileTest {
    @TempDir Path root;
    private Path cache;

    @BeforeEach
    void generate() throws IOException {
        FeatureFixtures.generate(root);
        cache = root.resolve("cache");
    }

    private FrozenFeatures features(ImageClassifier model, long memoryLimit) {
        return FrozenFeatures.builder()
                .setModel(model)
                .setData(train(), null)
                .optPipeline(FeatureFixtures.evaluation())
                .optCacheDir(cache)
                .optMemoryLimit(memoryLimit)
                .build();
    }

    private ImageFolder train() {
        return FeatureFixtures.folder(root, "train", FeatureFixtures.evaluation(), true);
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.sorted().toList();
        }
    }

    private static List<float[]> rows(FeatureDataset data) {
        List<float[]> rows = new ArrayList<>();
        for (long i = 0; i < data.size(); i++) {
            float[] row = new float[(int) data.featureShape().size()];
            data.features(i, 0, row);
            rows.add(row);
        }
        return rows;
    }

    @Test
    void theSameWeightsAndImagesReadTheCacheAndChangedWeightsReplaceIt() throws IOException {
        try (ImageClassifier model = FeatureFixtures.model()) {
            FrozenFeatures first = features(model, Long.MAX_VALUE);
            assertEquals(24, first.extractedImages());
            List<Path> files = cacheFiles();
            assertEquals(1, files.size(), files.toString());

            FrozenFeatures again = features(model, Long.MAX_VALUE);
            assertEquals(0, again.extractedImages(), "same weights, pipeline and images: a hit");
            assertEquals(files, cacheFiles());

            Parameter conv = model.body().getParameters().get(0).getValue();
            conv.getArray().addi(0.01f);
            String out = FeatureFixtures.stdout(() -> features(model, Long.MAX_VALUE));
            List<Path> now = cacheFiles();
            assertEquals(1, now.size(), now.toString());
            assertNotEquals(files.get(0), now.get(0), "a new key, a new file");
            assertTrue(out.contains("Extracting train features"), out);
            assertTrue(out.contains("Removed the outdated feature cache " + files.get(0)), out);
            FrozenFeatures changed = features(model, Long.MAX_VALUE);
            assertEquals(0, changed.extractedImages());
            assertTrue(
                    FeatureFixtures.maxAbsDifference(rows(first.train()), rows(changed.train()))
                            > 1e-4,
                    "the features follow the new weights");
        }
    }

    @Test
    void twoKindsOfDataOnTheSameModelKeepOneCacheFileEach() throws IOException {
        // Lessons 02 (CIFAR-10) and 07 (Flowers-102) both cache ResNet18: neither may delete the
        // other's file, or every run of one lesson re-extracts the other's features.
        Path cifarRoot = root.resolve("cifar");
        SyntheticData.ensure(cifarRoot, DatasetCatalog.CIFAR10);
        Cifar10 cifar =
                Cifar10.builder()
                        .setRoot(cifarRoot)
                        .setSplit(Split.TRAIN)
                        .optTransform(FeatureFixtures.evaluation())
                        .setSampling(FeatureFixtures.BATCH, false)
                        .build();
        try (ImageClassifier model = FeatureFixtures.model()) {
            features(model, Long.MAX_VALUE);
            FrozenFeatures.builder()
                    .setModel(model)
                    .setData(cifar, null)
                    .optPipeline(FeatureFixtures.evaluation())
                    .optCacheDir(cache)
                    .optMaxImages(8)
                    .build();
            List<Path> files = cacheFiles();
            assertEquals(2, files.size(), files.toString());
            assertTrue(
                    files.stream()
                            .anyMatch(f -> f.getFileName().toString().contains("-cifar10-train-")),
                    files.toString());
            assertEquals(
                    0,
                    features(model, Long.MAX_VALUE).extractedImages(),
                    "the image folder's features are still cached after CIFAR-10's were written");
        }
    }

    @Test
    void aChangedImageFileReplacesTheCacheThoughNoFileNameChanged() throws IOException {
        try (ImageClassifier model = FeatureFixtures.model()) {
            features(model, Long.MAX_VALUE);
            ImageFolder data = train();
            // Same names, same count: one picture replaced by another's bytes.
            Files.copy(
                    data.files().get(0), data.files().get(1), StandardCopyOption.REPLACE_EXISTING);
            FrozenFeatures after = features(model, Long.MAX_VALUE);
            assertEquals(24, after.extractedImages(), "the data hash changed");
            float[] a = new float[64];
            float[] b = new float[64];
            after.train().features(0, 0, a);
            after.train().features(1, 0, b);
            assertArrayEquals(a, b, 1e-5f);
        }
    }

    @Test
    void outOfCoreFeaturesWithATinyMemoryLimitEqualTheInMemoryOnes() throws IOException {
        try (ImageClassifier model = FeatureFixtures.model()) {
            FrozenFeatures inMemory = features(model, Long.MAX_VALUE);
            assertTrue(inMemory.train().storage().startsWith("in memory"));
            FrozenFeatures mapped = features(model, 0);
            assertTrue(
                    mapped.train().storage().startsWith("memory-mapped"), mapped.train().storage());
            assertEquals(
                    0,
                    FeatureFixtures.maxAbsDifference(rows(inMemory.train()), rows(mapped.train())));

            // Extracted straight into the mapped form, nothing in memory, the same values.
            Files.delete(cacheFiles().get(0));
            FrozenFeatures extractedMapped = features(model, 0);
            assertEquals(24, extractedMapped.extractedImages());
            assertEquals(
                    0,
                    FeatureFixtures.maxAbsDifference(
                            rows(inMemory.train()), rows(extractedMapped.train())));
        }
    }

    @Test
    void aTruncatedCacheFileIsNamedAndRebuilt() throws IOException {
        try (ImageClassifier model = FeatureFixtures.model()) {
            List<float[]> good = rows(features(model, Long.MAX_VALUE).train());
            Path file = cacheFiles().get(0);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(raf.length() - 100);
            }
            List<FrozenFeatures> rebuilt = new ArrayList<>();
            String out = FeatureFixtures.stdout(() -> rebuilt.add(features(model, Long.MAX_VALUE)));
            assertTrue(out.contains("Feature cache " + file), out);
            assertTrue(out.contains("(truncated): rebuilding it."), out);
            assertEquals(24, rebuilt.get(0).extractedImages());
            assertEquals(0, FeatureFixtures.maxAbsDifference(good, rows(rebuilt.get(0).train())));
        }
    }

    @Test
    void aCacheFileWithDamagedBytesFailsItsChecksumAndIsRebuilt() throws IOException {
        try (ImageClassifier model = FeatureFixtures.model()) {
            List<float[]> good = rows(features(model, 0).train());
            Path file = cacheFiles().get(0);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.seek(raf.length() - 10);
                int b = raf.read();
                raf.seek(raf.length() - 10);
                raf.write(b ^ 0x40);
            }
            List<FrozenFeatures> rebuilt = new ArrayList<>();
            String out = FeatureFixtures.stdout(() -> rebuilt.add(features(model, 0)));
            assertTrue(out.contains("Feature cache " + file), out);
            assertTrue(out.contains("do not match their checksum: rebuilding it."), out);
            assertEquals(0, FeatureFixtures.maxAbsDifference(good, rows(rebuilt.get(0).train())));
            assertFalse(
                    Files.list(cache).anyMatch(p -> p.toString().endsWith(".tmp")),
                    "no temporary file left");
        }
    }
}
