package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction of a dataset archive written by the system's GNU tar in the Flowers-102 layout: a
 * complete archive becomes the dataset folder with its names file; a truncated one (a download cut
 * short, a disk error) leaves neither a dataset folder nor a temporary one.
 */
class DataFetcherTest {
    private static final int IMAGES = 6;

    @TempDir Path dir;
    private Path archive;
    private Path names;
    private byte[][] images;

    @BeforeEach
    void writeArchive() throws Exception {
        Path src = dir.resolve("src/flower_data");
        Random random = new Random(3);
        images = new byte[IMAGES][];
        for (int i = 0; i < IMAGES; i++) {
            // Random bytes do not compress: the archive's size follows its content, so cutting it
            // in half cuts the extraction in half.
            images[i] = new byte[60_000];
            random.nextBytes(images[i]);
            Path image = src.resolve((i % 2 == 0 ? "train/" : "valid/") + (i / 2 + 1) + "/a.jpg");
            Files.createDirectories(image.getParent());
            Files.write(image, images[i]);
        }
        Files.createDirectories(src.resolve("test/1"));
        Files.writeString(src.resolve("test/1/dropped.jpg"), "not part of the split");
        archive = dir.resolve("downloads/flower_data.tar.gz");
        Files.createDirectories(archive.getParent());
        Process tar =
                new ProcessBuilder(
                                "tar",
                                "-czf",
                                archive.toString(),
                                "-C",
                                dir.resolve("src").toString(),
                                "flower_data")
                        .inheritIO()
                        .start();
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar failed");
        names = dir.resolve("downloads/cat_to_name.json");
        Files.writeString(names, "{\"1\": \"pink primrose\"}");
    }

    @Test
    void extractsTheSplitAndAddsTheNamesBeforeTheFolderAppears() throws IOException {
        Path target = dir.resolve("data/flower_data");
        DataFetcher.extract(
                archive,
                target,
                DataFetcher::flowerEntry,
                folder -> Files.copy(names, folder.resolve(Flowers102.NAMES)));
        assertArrayEquals(images[0], Files.readAllBytes(target.resolve("train/1/a.jpg")));
        assertArrayEquals(images[5], Files.readAllBytes(target.resolve("valid/3/a.jpg")));
        assertEquals(
                List.of("cat_to_name.json", "train", "valid"), names(target), "test/ is dropped");
        assertEquals(List.of(target), list(target.getParent()));
    }

    @Test
    void aTruncatedArchiveLeavesNoDatasetAndNoTemporaryFolder() throws IOException {
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                DataFetcher.extract(
                                        archive,
                                        data.resolve("flower_data"),
                                        DataFetcher::flowerEntry,
                                        folder -> {}));
        assertTrue(e.getMessage().contains(archive.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Delete it"), e.getMessage());
        assertEquals(List.of(), list(data), "no half dataset, no temporary folder");
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private static List<String> names(Path folder) throws IOException {
        return list(folder).stream().map(p -> p.getFileName().toString()).toList();
    }
}
