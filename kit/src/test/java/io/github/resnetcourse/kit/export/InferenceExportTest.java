package io.github.resnetcourse.kit.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.eval.Prediction;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exported classifier reloads, here and in a new JVM, with the same logits. */
class InferenceExportTest {
    private static final List<String> NAMES = List.of("cat", "dog", "bird");

    @TempDir Path dir;

    /** ResNet18 with lesson 07's head, every parameter moved off its seeded initial value. */
    private static ImageClassifier trainedLookingModel(NDManager manager) {
        ImageClassifier c = ResNets.resnet18().withHead(Head.mlp(16, 0.5f, NAMES.size()));
        manager.getEngine().setRandomSeed(99);
        for (Parameter p : c.namedParameters().values()) {
            NDArray w = p.getArray();
            try (NDArray noise = manager.randomNormal(0, 0.05f, w.getShape(), w.getDataType())) {
                // Running variances must stay positive: scale them instead of shifting.
                if (p.getName().contains("runningVar")) {
                    w.muli(noise.abs().add(1));
                } else {
                    w.addi(noise);
                }
            }
        }
        return c;
    }

    /**
     * Float rounding relative to the logits' size: the same weights summed in another memory layout
     * (the reloaded arrays start NCHW) differ in the last bits, nothing more.
     */
    private static float tolerance(float[] logits) {
        float max = 0;
        for (float v : logits) {
            max = Math.max(max, Math.abs(v));
        }
        // Two processes may run the convolutions with different algorithms (the engine
        // self-check's choice, thread scheduling): float32 rounding, ~2e-6 of the largest logit.
        return 1e-5f * max;
    }

    @Test
    void anExportReloadsInAFreshJvmWithTheSameLogits() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                ImageClassifier model = trainedLookingModel(manager)) {
            manager.getEngine().setRandomSeed(5);
            NDArray images = manager.randomNormal(new Shape(4, 3, 64, 64));
            float[] expected = model.predict(images).toFloatArray();

            Path export =
                    InferenceExport.builder()
                            .setClassifier(model)
                            .setClassNames(NAMES)
                            .optNormalization(Normalize.IMAGENET)
                            .build()
                            .saveTo(dir.resolve("export"));
            assertTrue(Files.isRegularFile(export.resolve("model.json")));
            assertTrue(Files.isRegularFile(export.resolve("model-0000.params")));
            // The export left the trained model usable.
            assertArrayEquals(expected, model.predict(images).toFloatArray(), 0f);

            Path inputs = dir.resolve("inputs.ndlist");
            try (OutputStream out = Files.newOutputStream(inputs)) {
                new NDList(images).encode(out);
            }
            Path outputs = dir.resolve("logits.ndlist");
            String printed =
                    FreshJvm.run(
                            PredictMain.class,
                            List.of(export.toString(), inputs.toString(), outputs.toString()),
                            300);
            float[] fresh;
            try (InputStream in = Files.newInputStream(outputs)) {
                fresh = NDList.decode(manager, in).singletonOrThrow().toFloatArray();
            }
            assertArrayEquals(expected, fresh, tolerance(expected), "logits in the fresh JVM");
            assertTrue(printed.contains("image 3:"), printed);
            assertTrue(printed.contains("%"), printed);
        }
    }

    @Test
    void aReloadedExportPredictsWithProbabilitiesAndClassNames() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                ImageClassifier model = trainedLookingModel(manager)) {
            NDArray images = manager.randomNormal(new Shape(2, 3, 64, 64));
            float[] expected = model.predict(images).toFloatArray();
            Path export =
                    InferenceExport.builder()
                            .setClassifier(model)
                            .setClassNames(NAMES)
                            .build()
                            .saveTo(dir.resolve("e"));
            try (ExportedModel loaded = ExportedModel.load(export)) {
                assertArrayEquals(
                        expected, loaded.logits(images).toFloatArray(), tolerance(expected));
                assertEquals(NAMES, loaded.classNames());
                assertEquals("mlp 16 0.5 3", loaded.descriptor().head());
                List<Prediction> p = loaded.predict(images, 3);
                assertEquals(2, p.size());
                double sum = 0;
                for (double v : p.get(0).topProbabilities()) {
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-5, "three classes' probabilities sum to one");
            }
        }
    }

    @Test
    void aFolderWithoutADescriptorIsRefusedByName() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("nothing"));
        IOException e = assertThrows(IOException.class, () -> ExportedModel.load(empty));
        assertTrue(e.getMessage().contains("model.json"), e.getMessage());
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    }

    @Test
    void aCustomHeadCannotBeExported() {
        try (ImageClassifier model =
                ResNets.resnet18()
                        .withHead(
                                Head.custom(
                                        "mine",
                                        3,
                                        () ->
                                                ai.djl.nn.core.Linear.builder()
                                                        .setUnits(3)
                                                        .build()))) {
            InferenceExport export =
                    InferenceExport.builder().setClassifier(model).setClassNames(NAMES).build();
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class, () -> export.saveTo(dir.resolve("x")));
            assertTrue(e.getMessage().contains("custom"), e.getMessage());
        }
    }

    @Test
    void aCifarNetworkOutsideTheCatalogueIsRefusedByNameInsteadOfComingBackWithOtherShapes() {
        // ResNet-32 shares ResNet-56's catalogue entry; rebuilding "resnet56" would not fit its
        // weights, so the export must refuse rather than write a folder that cannot load.
        try (ImageClassifier model =
                ResNets.cifar(32, io.github.resnetcourse.kit.models.Shortcuts.RESIDUAL)) {
            InferenceExport export =
                    InferenceExport.builder()
                            .setClassifier(model)
                            .setClassNames(
                                    List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"))
                            .build();
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class, () -> export.saveTo(dir.resolve("y")));
            assertTrue(e.getMessage().contains("'resnet32'"), e.getMessage());
            assertTrue(e.getMessage().contains("resnet56"), e.getMessage());
            assertTrue(Files.notExists(dir.resolve("y")));
        }
    }
}
