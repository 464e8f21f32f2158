package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Weights looked up in a {@link WeightsLocation} handed in: the folder, and whether a generated
 * twin may stand in, come from the location, never from the process environment.
 */
class WeightsLocationTest {
    private static final Weights R18 = Weights.RESNET18_IMAGENET1K_V1;

    @TempDir Path dir;

    @Test
    void aFileInTheGivenFolderIsLoadedAndNoTwinIsMade() throws Exception {
        Path folder = dir.resolve("weights");
        Files.createDirectories(folder);
        WeightTwin.write(R18.architecture(), folder.resolve(R18.fileName()), 3);
        Path twins = dir.resolve("twins");
        WeightsLocation location = WeightsLocation.of(folder).withTwins(twins, 4);

        assertTrue(R18.isPresent(location));
        try (ImageClassifier loaded = R18.load(location);
                ImageClassifier direct = R18.loadFrom(folder.resolve(R18.fileName()))) {
            assertEquals(values(direct).keySet(), values(loaded).keySet());
            values(direct).forEach((k, v) -> assertArrayEquals(v, values(loaded).get(k), k));
        }
        assertFalse(Files.exists(twins), "a present file wins over twins");
    }

    @Test
    void aMissingFileWithoutTwinsNamesTheFileAndTheFetchCommand() {
        Path folder = dir.resolve("weights");
        MissingWeightsException e =
                assertThrows(
                        MissingWeightsException.class, () -> R18.load(WeightsLocation.of(folder)));
        assertTrue(e.getMessage().contains("./course weights fetch resnet18"), e.getMessage());
        assertTrue(e.getMessage().contains(R18.fileName()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("synth")), "no twin anywhere");
    }

    @Test
    void aMissingFileWithTwinsIsGeneratedInTheTwinFolderFromTheGivenSeed() throws Exception {
        Path folder = dir.resolve("weights");
        Path twins = dir.resolve("twins");
        Path reference = dir.resolve("reference-77.pth");
        WeightTwin.write(R18.architecture(), reference, 77);

        try (ImageClassifier loaded = R18.load(WeightsLocation.of(folder).withTwins(twins, 77));
                ImageClassifier expected = R18.loadFrom(reference)) {
            Map<String, float[]> want = values(expected);
            Map<String, float[]> got = values(loaded);
            want.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
        }
        assertTrue(Files.isRegularFile(twins.resolve(R18.fileName())), "the twin is in " + twins);
        assertFalse(Files.exists(folder.resolve(R18.fileName())), "the real folder stays empty");
    }

    @Test
    void aSmokeEnvironmentAllowsTwinsUnderSynthWeightsSeededByItsSeed() {
        Env smoke =
                Env.of(
                        Map.of(
                                "COURSE_DATA",
                                dir.toString(),
                                "COURSE_MODE",
                                "smoke",
                                "COURSE_SEED",
                                "5"),
                        dir);
        WeightsLocation location = WeightsLocation.of(smoke);
        assertEquals(smoke.weightsDir(), location.folder());
        assertEquals(
                Optional.of(
                        new WeightsLocation.Twins(
                                smoke.synthDir().resolve("weights"),
                                5,
                                WeightsLocation.TwinNotice.BRIEF)),
                location.twins());
        assertEquals(smoke.weightsDir().resolve(R18.fileName()), R18.file(smoke));
    }

    @Test
    void aLaptopEnvironmentAllowsTheSameTwinsAnnouncedLoudly() {
        Env laptop =
                Env.of(
                        Map.of(
                                "COURSE_DATA",
                                dir.toString(),
                                "COURSE_MODE",
                                "laptop",
                                "COURSE_SEED",
                                "5"),
                        dir);
        assertEquals(
                Optional.of(
                        new WeightsLocation.Twins(
                                laptop.synthDir().resolve("weights"),
                                5,
                                WeightsLocation.TwinNotice.LOUD)),
                WeightsLocation.of(laptop).twins());
    }

    @Test
    void aFullEnvironmentAllowsNoTwins() {
        Env full = Env.of(Map.of("COURSE_DATA", dir.toString(), "COURSE_MODE", "full"), dir);
        assertEquals(Optional.empty(), WeightsLocation.of(full).twins());
    }

    @Test
    void theCatalogLooksFilesUpInTheGivenLocation() throws Exception {
        Path folder = dir.resolve("elsewhere");
        Files.createDirectories(folder);
        Files.write(folder.resolve(R18.fileName()), new byte[] {1});
        Table t = ModelCatalog.table(WeightsLocation.of(folder));
        int r18 = t.stringColumn("model").indexOf("resnet18");
        assertEquals("present", t.stringColumn("weights file").get(r18));
        int r50 = t.stringColumn("model").indexOf("resnet50");
        assertEquals(
                "missing: ./course weights fetch resnet50",
                t.stringColumn("weights file").get(r50));
    }

    private static Map<String, float[]> values(ImageClassifier model) {
        Map<String, float[]> v = new LinkedHashMap<>();
        model.namedParameters().forEach((k, p) -> v.put(k, p.getArray().toFloatArray()));
        return v;
    }
}
