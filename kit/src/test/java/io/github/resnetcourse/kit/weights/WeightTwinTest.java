package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.notebook.Env;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
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

    private static Path twinFolder(Env smoke) {
        return smoke.synthDir().resolve("weights");
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
                        + Files.size(WeightTwin.file(w, twinFolder(smoke))) / 1_000_000
                        + " MB");
        JsonObject summary =
                TorchSaveWriterTest.torchSummary(WeightTwin.file(w, twinFolder(smoke)), "alexnet");
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
    void resnet50v2TwinIsAKerasFileThatTheRealReaderLoads() throws Exception {
        Env smoke = env("smoke");
        Weights w = Weights.RESNET50V2_IMAGENET;
        long start = System.nanoTime();
        try (ImageClassifier model = w.load(smoke)) {
            assertEquals(25_613_800L, model.parameterCount() + model.bufferCount());
        }
        Path file = WeightTwin.file(w, twinFolder(smoke));
        System.out.println(
                "resnet50v2 twin: generate+load "
                        + (System.nanoTime() - start) / 1_000_000
                        + " ms, "
                        + Files.size(file) / 1_000_000
                        + " MB");
        assertFalse(w.isPresent(smoke), "nothing is written to the real weights folder");
        Map<String, StoredTensor> raw = KerasH5.read(file);
        // Keras' layout: HWIO kernels, in×out dense kernel, four tensors per batch norm.
        assertEquals(List.of(7L, 7L, 3L, 64L), shape(raw, "conv1_conv/kernel"));
        assertEquals(List.of(2048L, 1000L), shape(raw, "predictions/kernel"));
        assertEquals(List.of(256L), shape(raw, "conv2_block3_preact_bn/moving_variance"));
        assertEquals(List.of(1L, 1L, 256L, 512L), shape(raw, "conv3_block1_0_conv/kernel"));
        try (HdfFile hdf = new HdfFile(file)) {
            List<String> layers = List.of((String[]) hdf.getAttribute("layer_names").getData());
            assertEquals(192, layers.size(), "every Keras layer, weighted or not");
            assertEquals("input_1", layers.get(0));
            assertEquals("predictions", layers.get(191));
            // A functional model lists a block's projection after its 2_relu.
            assertEquals(
                    layers.indexOf("conv2_block1_2_relu") + 1,
                    layers.indexOf("conv2_block1_0_conv"));
            assertTrue(layers.contains("max_pooling2d_2"), "conv4's strided last block");
            assertEquals("tensorflow", hdf.getAttribute("backend").getData());
            assertEquals(
                    List.of("conv1_conv/kernel:0", "conv1_conv/bias:0"),
                    List.of(
                            (String[])
                                    ((Group) hdf.getChild("conv1_conv"))
                                            .getAttribute("weight_names")
                                            .getData()));
            assertTrue(
                    hdf.getByPath("conv1_conv/conv1_conv/kernel:0") instanceof Dataset,
                    "weights at layer/layer/weight:0");
            assertEquals(null, hdf.getAttribute("_jHDF"), "no writer stamp");
        }
    }

    @Test
    void kerasTwinValuesFollowKerasInitialisers() {
        Path file = dir.resolve("v2.h5");
        assertDoesNotThrow(() -> WeightTwin.writeKeras(Architecture.RESNET50_V2, file, 7));
        Map<String, StoredTensor> raw = KerasH5.read(file);
        float[] gamma = raw.get("post_bn/gamma").toFloatArray();
        float[] variance = raw.get("post_bn/moving_variance").toFloatArray();
        float[] mean = raw.get("post_bn/moving_mean").toFloatArray();
        for (int i = 0; i < gamma.length; i++) {
            assertEquals(1f, gamma[i]);
            assertEquals(1f, variance[i]);
            assertEquals(0f, mean[i]);
        }
        // Glorot-uniform: |w| <= sqrt(6 / (fan_in + fan_out)), and not all zero.
        float[] k = raw.get("conv1_conv/kernel").toFloatArray();
        double limit = Math.sqrt(6.0 / (7 * 7 * 3 + 7 * 7 * 64));
        double max = 0;
        for (float v : k) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= limit && max > 0.9 * limit, "max |kernel| " + max + ", limit " + limit);
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

    private static List<Long> shape(Map<String, StoredTensor> raw, String key) {
        assertTrue(raw.containsKey(key), key + " is in the file");
        return Arrays.stream(raw.get(key).shape()).boxed().toList();
    }
}
