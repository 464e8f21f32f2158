package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.setup.AssetCatalog;
import io.github.resnetcourse.kit.setup.Doctor;
import io.github.resnetcourse.kit.setup.EnvironmentReport;
import io.github.resnetcourse.kit.setup.EnvironmentReport.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightAssetsTest {
    @TempDir Path home;

    @Test
    void isFoundByTheServiceLoader() {
        assertTrue(
                ServiceLoader.load(AssetCatalog.class).stream()
                        .anyMatch(p -> p.type() == WeightAssets.class));
    }

    @Test
    void listsEveryWeightFileWithPresenceAndFetchCommand() throws IOException {
        Env env = Env.of(Map.of("COURSE_HOME", home.toString()), home);
        Path resnet18 = Weights.RESNET18_IMAGENET1K_V1.file(env);
        Files.createDirectories(resnet18.getParent());
        Files.write(resnet18, new byte[16]);

        EnvironmentReport report = Doctor.report(env, List.of(new WeightAssets()));
        List<Check> rows = report.section("Pretrained weights").checks();
        assertEquals(Weights.values().length, rows.size());
        assertEquals(Check.ok("RESNET18_IMAGENET1K_V1", "present: " + resnet18), rows.get(0));
        Check resnet152 =
                rows.stream()
                        .filter(c -> c.label().equals("RESNET152_IMAGENET1K_V1"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(Check.Status.MISSING, resnet152.status());
        assertEquals("missing (230.4 MB download)", resnet152.value());
        assertEquals(
                "./course weights fetch " + Weights.RESNET152_IMAGENET1K_V1.id(), resnet152.hint());
    }
}
