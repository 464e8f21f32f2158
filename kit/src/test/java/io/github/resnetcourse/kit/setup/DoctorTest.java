package io.github.resnetcourse.kit.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.setup.EnvironmentReport.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {
    @TempDir Path home;

    private Env env() {
        return Env.of(Map.of("COURSE_HOME", home.toString(), "COURSE_MODE", "smoke"), home);
    }

    @Test
    void reportsThisJvmsJavaVersion() {
        EnvironmentReport report = Doctor.report(env(), List.of());
        Check java = report.section("Java").checks().get(0);
        assertEquals(Check.Status.OK, java.status());
        assertTrue(java.value().startsWith(Runtime.version().toString()), java.value());
    }

    @Test
    void reportsTheMachinesMemoryAgainstWhatFullModeNeeds() {
        Check java =
                Doctor.report(env(), List.of()).section("Java").checks().stream()
                        .filter(c -> c.label().equals("Memory"))
                        .findFirst()
                        .orElseThrow();
        assertTrue(java.value().contains("total"), java.value());
        Check small = Doctor.memory(8L << 30, 6L << 30);
        assertEquals(Check.Status.MISSING, small.status());
        assertTrue(small.value().contains("needs about 16 GiB"), small.value());
        assertTrue(small.hint().contains("COURSE_MODE=smoke"), small.hint());
        Check big = Doctor.memory(32L << 30, 20L << 30);
        assertEquals(Check.Status.OK, big.status());
        assertTrue(big.value().startsWith("32"), big.value());
        assertEquals(Check.Status.INFO, Doctor.memory(0, 0).status());
    }

    @Test
    void loadsThePyTorchEngineOffline() {
        EnvironmentReport report = Doctor.report(env(), List.of());
        Check engine =
                report.section("Engine").checks().stream()
                        .filter(c -> c.label().equals("Engine"))
                        .findFirst()
                        .orElseThrow();
        assertEquals("PyTorch 2.7.1", engine.value());
        assertFalse(report.hasFailures(), report.toText());
        assertTrue(report.toText().contains("Device"), report.toText());
    }

    @Test
    void runModeComesFromTheEnvironment() {
        String mode = Doctor.report(env(), List.of()).section("Kit").checks().get(1).value();
        assertTrue(mode.startsWith("smoke (epochs ≤ 1, batches per epoch ≤ 4"), mode);
    }

    @Test
    void missingAssetCarriesItsFetchCommandAndSize() {
        AssetCatalog catalog =
                env ->
                        List.of(
                                new Asset(
                                        Asset.Kind.DATASET,
                                        "CIFAR-10",
                                        env.dataDir().resolve("cifar10"),
                                        false,
                                        "162.6 MB",
                                        "./course data fetch cifar10"),
                                new Asset(
                                        Asset.Kind.WEIGHTS,
                                        "ResNet18 IMAGENET1K_V1",
                                        env.weightsDir().resolve("resnet18.pth"),
                                        true,
                                        "",
                                        "./course weights fetch resnet18"));
        EnvironmentReport report = Doctor.report(env(), List.of(catalog));

        Check cifar = report.section("Datasets").checks().get(0);
        assertEquals(Check.Status.MISSING, cifar.status());
        assertEquals("missing (162.6 MB download)", cifar.value());
        assertEquals("./course data fetch cifar10", cifar.hint());
        Check resnet = report.section("Pretrained weights").checks().get(0);
        assertEquals(Check.Status.OK, resnet.status());
        assertTrue(resnet.value().endsWith("resnet18.pth"), resnet.value());
        assertTrue(report.toText().contains("→ ./course data fetch cifar10"), report.toText());
    }

    @Test
    void withoutCatalogsSaysWhereItLooked() {
        EnvironmentReport report = Doctor.report(env(), List.of());
        Check none = report.section("Datasets").checks().get(0);
        assertEquals(Check.Status.INFO, none.status());
        assertTrue(none.value().endsWith(home.resolve("data").toString()), none.value());
    }

    @Test
    void dataFolderShowsItsSizeOnceItExists() throws IOException {
        Files.createDirectories(home.resolve("data"));
        Files.write(home.resolve("data/a.bin"), new byte[2500]);
        Check data = Doctor.report(env(), List.of()).section("Folders").checks().get(0);
        assertEquals(home.resolve("data") + " (2.5 kB)", data.value());
        Check synth = Doctor.report(env(), List.of()).section("Folders").checks().get(1);
        assertTrue(synth.value().contains("not there yet: ./course data synth"), synth.value());
    }
}
