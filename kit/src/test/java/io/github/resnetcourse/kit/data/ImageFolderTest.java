package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders and the Flowers-102 layout on generated JPEG trees, including bad files. */
class ImageFolderTest {
    @TempDir static Path synth;

    @BeforeAll
    static void generate() throws IOException {
        SyntheticData.builder()
                .setRoot(synth)
                .optFlowerClasses(12)
                .optFlowersPerClass(2, 1)
                .optFlowerSize(40)
                .optBirds(10, 40)
                .build()
                .writeAll();
    }

    @Test
    void flowersUseSortedFolderOrderAndNamesFromJson() throws IOException {
        ImageFolder train =
                Flowers102.builder(synth, Split.TRAIN)
                        .optTransform(Pipelines.flowersValid())
                        .setSampling(4, false)
                        .build();
        assertEquals(24, train.size());
        // torchvision's ImageFolder order: "1", "10", "11", "12", "2", ...
        assertEquals(List.of("1", "10", "11", "12", "2"), train.folders().subList(0, 5));
        var names = Flowers102.readNames(synth.resolve("flower_data/cat_to_name.json"));
        assertEquals(names.get("10"), train.classNames().get(1));
        RgbImage img = train.transformed(0, 1);
        assertEquals(224, img.height());
        assertEquals(224, img.width());
        assertEquals(
                12, Flowers102.builder(synth, Split.VALID).setSampling(4, false).build().size());
    }

    @Test
    void seededSplitIsDisjointCompleteAndRepeatable() throws IOException {
        Path birds = synth.resolve("birds4");
        ImageFolder train = split(birds, Split.TRAIN, 5);
        ImageFolder valid = split(birds, Split.VALID, 5);
        assertEquals(32, train.size());
        assertEquals(8, valid.size());
        Set<Path> all = new HashSet<>(train.files());
        all.addAll(valid.files());
        assertEquals(40, all.size());
        assertEquals(valid.files(), split(birds, Split.VALID, 5).files());
        assertTrue(!valid.files().equals(split(birds, Split.VALID, 6).files()));
    }

    private static ImageFolder split(Path root, Split part, long seed) throws IOException {
        return ImageFolder.builder()
                .setRoot(root)
                .optSplit(part, 0.2, seed)
                .setSampling(8, false)
                .build();
    }

    @Test
    void badFilesAreSkippedAndCountedOrFailInStrictMode(@TempDir Path dir) throws IOException {
        copyTree(synth.resolve("birds4"), dir);
        Path cls = Files.list(dir).sorted().findFirst().orElseThrow();
        Files.writeString(cls.resolve("readme.jpg"), "not an image");
        byte[] good = Files.readAllBytes(cls.resolve("image_00000.jpg"));
        Files.write(cls.resolve("cut.jpg"), java.util.Arrays.copyOf(good, good.length / 2));
        Files.write(cls.resolve("empty.png"), new byte[0]);
        String out =
                captured(
                        () -> {
                            ImageFolder f =
                                    ImageFolder.builder()
                                            .setRoot(dir)
                                            .setSampling(4, false)
                                            .build();
                            assertEquals(3, f.skipped());
                            assertEquals(40, f.size());
                        });
        assertTrue(out.contains("readme.jpg: not an image"), out);
        assertTrue(out.contains("cut.jpg: truncated"), out);
        assertTrue(out.contains("skipped 3 unreadable file(s)"), out);

        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                ImageFolder.builder()
                                        .setRoot(dir)
                                        .optBadImages(BadImagePolicy.FAIL)
                                        .setSampling(4, false)
                                        .build());
        assertTrue(e.getMessage().contains("strict"), e.getMessage());
    }

    @Test
    void emptyClassFoldersAndNameMismatchesAreReported(@TempDir Path dir) throws IOException {
        copyTree(synth.resolve("birds4"), dir);
        Files.createDirectories(dir.resolve("zz_empty_species"));
        String out =
                captured(() -> ImageFolder.builder().setRoot(dir).setSampling(4, false).build());
        assertTrue(out.contains("without images: [zz_empty_species]"), out);

        var names = new java.util.HashMap<String, String>();
        names.put("not_a_folder", "ghost");
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                ImageFolder.builder()
                                        .setRoot(dir)
                                        .optClassNames(names)
                                        .setSampling(4, false)
                                        .build());
        assertTrue(e.getMessage().contains("have no entry in the class-name file"), e.getMessage());
    }

    @Test
    void missingFlowersNamePathAndFetchCommand(@TempDir Path empty) {
        DatasetMissingException e =
                assertThrows(
                        DatasetMissingException.class,
                        () -> Flowers102.builder(empty, Split.TRAIN));
        assertTrue(e.getMessage().contains("flower_data"), e.getMessage());
        assertTrue(e.getMessage().contains("./course data fetch flowers102"), e.getMessage());
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static String captured(IoAction action) throws IOException {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
