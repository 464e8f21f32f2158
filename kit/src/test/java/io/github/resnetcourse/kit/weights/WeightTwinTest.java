package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Smoke runs load generated twins of missing weight files through the real reader. */
class WeightTwinTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = PythonReference.scratchDir("weight-twin");
    }

    @AfterEach
    void deleteDir() throws IOException {
        PythonReference.delete(dir);
    }

    private Env env(String mode) {
        return Env.of(Map.of("COURSE_DATA", dir.toString(), "COURSE_MODE", mode), dir);
    }

    @Test
    void smokeLoadGeneratesATwinOutsideTheWeightsFolderAndReusesIt() throws Exception {
        Env smoke = env("smoke");
        Weights w = Weights.RESNET18_IMAGENET1K_V1;
        long start = System.nanoTime();
        String first = stdout(() -> w.load(smoke));
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        Path twin = smoke.synthDir().resolve("weights").resolve(w.fileName());
        assertTrue(Files.isRegularFile(twin), twin + " is written");
        assertFalse(w.isPresent(smoke), "nothing is written to the real weights folder");
        assertTrue(first.contains("NOT ImageNet weights"), first);
        assertTrue(first.contains("Generated"), first);

        FileTime written = Files.getLastModifiedTime(twin);
        start = System.nanoTime();
        String second = stdout(() -> w.load(smoke));
        long secondMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(written, Files.getLastModifiedTime(twin), "the twin is reused");
        assertTrue(second.contains("using the generated twin"), second);
        System.out.println(
                "resnet18 twin: generate+load " + firstMs + " ms, reuse+load " + secondMs + " ms");
    }

    @Test
    void resnet18TwinHasTorchvisionsExactStateDict() throws Exception {
        Path file = dir.resolve("resnet18-twin.pth");
        WeightTwin.write(Weights.RESNET18_IMAGENET1K_V1.architecture(), file, 42);
        JsonObject summary = TorchSaveWriterTest.torchSummary(file, "resnet18");
        assertTrue(
                summary.get("matchesTorchvision").getAsBoolean(), summary.get("keys").toString());
        assertTrue(summary.get("aligned").getAsBoolean());
    }

    @Test
    void alexnetTwinHasTorchvisionsExactStateDictAndLoads() throws Exception {
        Env smoke = env("smoke");
        Weights w = Weights.ALEXNET_IMAGENET1K_V1;
        long start = System.nanoTime();
        try (ImageClassifier model = w.load(smoke)) {
            assertEquals(61_100_840L, model.parameterCount());
        }
        System.out.println(
                "alexnet twin: generate+load "
                        + (System.nanoTime() - start) / 1_000_000
                        + " ms, "
                        + Files.size(WeightTwin.file(w, smoke)) / 1_000_000
                        + " MB");
        JsonObject summary = TorchSaveWriterTest.torchSummary(WeightTwin.file(w, smoke), "alexnet");
        assertTrue(
                summary.get("matchesTorchvision").getAsBoolean(), summary.get("keys").toString());
    }

    @Test
    void fullRunsStillAskForTheRealFile() {
        MissingWeightsException e =
                assertThrows(
                        MissingWeightsException.class,
                        () -> Weights.RESNET18_IMAGENET1K_V1.load(env("full")));
        assertTrue(e.getMessage().contains("./course weights fetch resnet18"), e.getMessage());
        assertTrue(e.getMessage().contains("44.7 MB"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("synth")), "no twin in a full run");
    }

    @Test
    void kerasWeightsHaveNoTwinAndSaySo() {
        UnsupportedOperationException e =
                assertThrows(
                        UnsupportedOperationException.class,
                        () -> Weights.RESNET50V2_IMAGENET.load(env("smoke")));
        assertTrue(e.getMessage().contains("./course weights fetch"), e.getMessage());
    }

    private static String stdout(Supplier<ImageClassifier> load) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try (ImageClassifier model = load.get()) {
            assertEquals(11_689_512L, model.parameterCount());
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
