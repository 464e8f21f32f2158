package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.setup.AssetCatalog;
import io.github.resnetcourse.kit.setup.Doctor;
import io.github.resnetcourse.kit.setup.EnvironmentReport.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetAssetsTest {
    @TempDir Path home;

    @Test
    void isFoundByTheServiceLoader() {
        assertTrue(
                ServiceLoader.load(AssetCatalog.class).stream()
                        .anyMatch(p -> p.type() == DatasetAssets.class));
    }

    @Test
    void listsEveryDatasetWithPresenceAndFetchCommand() throws IOException {
        Env env = Env.of(Map.of("COURSE_HOME", home.toString()), home);
        Files.createDirectories(env.dataDir().resolve(DatasetCatalog.BIRDS4.folder()));

        List<Check> rows =
                Doctor.report(env, List.of(new DatasetAssets())).section("Datasets").checks();
        assertEquals(DatasetCatalog.values().length, rows.size());
        Check cifar = rows.get(DatasetCatalog.CIFAR10.ordinal());
        assertEquals(Check.Status.MISSING, cifar.status());
        assertTrue(cifar.value().startsWith("missing ("), cifar.value());
        assertEquals("./course data fetch cifar10", cifar.hint());
        assertEquals(Check.Status.OK, rows.get(DatasetCatalog.BIRDS4.ordinal()).status());
    }
}
