package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.BatchSampler;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Datasets} with its configuration handed in as {@link DataSettings}: the folder, the
 * source, the seed and the batch cap come from the settings, never from the process environment.
 */
class DatasetsWithExplicitSettingsTest {
    @TempDir Path dir;

    @Test
    void generatedSettingsWriteOnlyTheCifarTwinIntoTheGivenFolderAndReadIt() throws Exception {
        Path synth = dir.resolve("twins");
        DataSettings settings = DataSettings.generated(synth, 1234);

        Cifar10 train = Datasets.cifar10(settings, Split.TRAIN, 8, Pipelines.cifarTest());
        Cifar10 test = Datasets.cifar10(settings, Split.TEST, 8, Pipelines.cifarTest());

        assertTrue(DatasetCatalog.CIFAR10.isPresent(synth), "the twin is written under " + synth);
        assertFalse(DatasetCatalog.FLOWERS102.isPresent(synth), "no other twin is generated");
        assertEquals(5_000, train.size(), "five generated batches of 1,000 records");
        assertEquals(1_000, test.size());
        assertEquals(1234, train.seed(), "the settings' seed, not COURSE_SEED's default");
        assertTrue(train.isShuffled(), "TRAIN is shuffled");
        assertFalse(test.isShuffled(), "TEST is in order");
        assertEquals(10, train.classNames().size());
    }

    @Test
    void downloadedSettingsWithoutTheDataNameTheFolderAndTheFetchCommand() {
        Path empty = dir.resolve("data");
        DatasetMissingException e =
                assertThrows(
                        DatasetMissingException.class,
                        () ->
                                Datasets.cifar10(
                                        DataSettings.downloaded(empty, 42),
                                        Split.TRAIN,
                                        8,
                                        Pipelines.cifarTest()));
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("./course data fetch"), e.getMessage());
        assertFalse(Files.exists(empty.resolve("cifar-10-batches-bin")), "nothing is generated");
    }

    @Test
    void theLargeImageCapLimitsFlowersBatchesAndLeavesSmallerOnesAlone() throws Exception {
        DataSettings capped =
                DataSettings.generated(dir.resolve("twins"), 5).withLargeImageBatchCap(2);

        ImageFolder train = Datasets.flowers102(capped, Split.TRAIN, 32, Pipelines.flowersValid());

        assertEquals(2, ((BatchSampler) train.sampler()).getBatchSize(), "capped at 2");
        assertEquals(1, capped.largeImageBatch(1), "a smaller request is kept");
        assertEquals(32, DataSettings.generated(dir, 5).largeImageBatch(32), "uncapped");
    }

    @Test
    void aSmokeEnvironmentMeansTwinsInTheSynthFolderWithTheSmokeCap() {
        Env smoke =
                Env.of(
                        Map.of(
                                "COURSE_DATA",
                                dir.toString(),
                                "COURSE_MODE",
                                "smoke",
                                "COURSE_SEED",
                                "9"),
                        dir);
        DataSettings s = DataSettings.of(smoke);
        assertEquals(DataSettings.DataSource.GENERATED_TWINS, s.source());
        assertEquals(smoke.synthDir(), s.folder());
        assertEquals(9, s.seed());
        assertEquals(Optional.of(Env.SMOKE_BATCH_SIZE), s.largeImageBatchCap());
    }

    @Test
    void aFullEnvironmentMeansTheDownloadedDataUncapped() {
        Env full = Env.of(Map.of("COURSE_DATA", dir.toString(), "COURSE_MODE", "full"), dir);
        DataSettings s = DataSettings.of(full);
        assertEquals(DataSettings.DataSource.DOWNLOADED, s.source());
        assertEquals(full.dataDir(), s.folder());
        assertEquals(Optional.empty(), s.largeImageBatchCap());
    }

    @Test
    void aCapBelowOneIsRefusedByName() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DataSettings.generated(dir, 1).withLargeImageBatchCap(0));
        assertTrue(e.getMessage().contains("largeImageBatchCap=0"), e.getMessage());
    }
}
