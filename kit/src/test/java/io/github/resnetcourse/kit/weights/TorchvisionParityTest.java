package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.models.AlexNets;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torchvision builds models with random weights and saves them with {@code torch.save}; the kit
 * loads those files and must compute the same logits (max abs diff ≤ 1e-4) with the same parameter
 * counts, under the convolution configuration the engine self-check chose for this CPU. ResNet50V2
 * is checked the same way against a Keras-layout {@code .h5} written by h5py and logits computed
 * with torch functional ops, and lesson 02's CIFAR AlexNet against the same surgery in torch.
 *
 * <p>Every model runs at the shape its lessons use — 224 px in batches of 2, 32 px in batches of 8
 * — because a fault seen on one CPU (docs/engine-check.md) was invisible at batch 1 and 64 px.
 */
class TorchvisionParityTest {
    private static final double TOLERANCE = 1e-4;

    private static Path dir;
    private static JsonObject reference;

    @AfterAll
    static void deleteFiles() throws Exception {
        PythonReference.delete(dir);
    }

    @BeforeAll
    static void makeReference() throws Exception {
        dir = PythonReference.scratchDir("parity");
        PythonReference.run("models/torchvision_reference.py", dir.toString());
        reference =
                JsonParser.parseString(Files.readString(dir.resolve("reference.json")))
                        .getAsJsonObject();
    }

    /** The weight-file formats the reference writes, each with how the kit reads it. */
    enum Format {
        /** {@code torch.save} of a torchvision model's {@code state_dict}, zip or legacy. */
        TORCH_SAVE,
        /** A Keras-layout {@code .h5} written by h5py. */
        KERAS_H5;

        void load(ImageClassifier model, Path file) throws Exception {
            switch (this) {
                case TORCH_SAVE -> WeightLoader.loadPth(model, file);
                case KERAS_H5 -> WeightLoader.loadH5(model, file);
            }
        }

        /**
         * What the reference counts: torchvision's {@code parameters()}, or every Keras weight,
         * batch norm's moving statistics (the kit's buffers) included.
         */
        long counted(ImageClassifier model) {
            return switch (this) {
                case TORCH_SAVE -> model.parameterCount();
                case KERAS_H5 -> model.parameterCount() + model.bufferCount();
            };
        }
    }

    /**
     * One model of the reference at one shape: its name in {@code reference.json}, the kit's twin,
     * its weight file, and the input's size and batch.
     */
    record Case(
            String name,
            Supplier<ImageClassifier> factory,
            String file,
            Format format,
            int size,
            int batch) {
        String key() {
            return name + "@" + size + "x" + batch;
        }

        @Override
        public String toString() {
            return file + " at " + size + " px, batch " + batch;
        }
    }

    static Stream<Case> models() {
        return Stream.of(
                new Case("resnet18", ResNets::resnet18, "resnet18.pth", Format.TORCH_SAVE, 224, 2),
                new Case(
                        "resnet18",
                        ResNets::resnet18,
                        "resnet18-legacy.pth",
                        Format.TORCH_SAVE,
                        224,
                        2),
                new Case("resnet18", ResNets::resnet18, "resnet18.pth", Format.TORCH_SAVE, 32, 8),
                new Case("resnet50", ResNets::resnet50, "resnet50.pth", Format.TORCH_SAVE, 224, 2),
                new Case("resnet50", ResNets::resnet50, "resnet50.pth", Format.TORCH_SAVE, 32, 8),
                new Case(
                        "resnet152",
                        ResNets::resnet152,
                        "resnet152.pth",
                        Format.TORCH_SAVE,
                        224,
                        2),
                new Case("alexnet", AlexNets::alexnet, "alexnet.pth", Format.TORCH_SAVE, 224, 2),
                new Case(
                        "alexnet-cifar",
                        () -> AlexNets.forCifar(AlexNets.alexnet(), 10),
                        "alexnet-cifar.pth",
                        Format.TORCH_SAVE,
                        32,
                        8),
                new Case(
                        "resnet50v2",
                        ResNets::resnet50V2,
                        "resnet50v2.h5",
                        Format.KERAS_H5,
                        224,
                        2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void loadedWeightsGiveTheReferenceLogitsAndParameterCount(Case c) throws Exception {
        try (ImageClassifier model = c.factory().get()) {
            c.format().load(model, dir.resolve(c.file()));
            assertEquals(
                    reference.getAsJsonObject(c.key()).get("parameters").getAsLong(),
                    c.format().counted(model),
                    c.file() + ": parameter count");
            assertLogits(c, model);
        }
    }

    private static void assertLogits(Case c, ImageClassifier model) throws Exception {
        String name = c.key();
        var expected = reference.getAsJsonObject(name).getAsJsonArray("logits");
        try (NDManager manager = NDManager.newBaseManager()) {
            ByteBuffer raw =
                    ByteBuffer.wrap(
                                    Files.readAllBytes(
                                            dir.resolve(
                                                    "input-" + c.size() + "x" + c.batch()
                                                            + ".bin")))
                            .order(ByteOrder.LITTLE_ENDIAN);
            float[] input = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(input);
            NDArray x = manager.create(input, new Shape(c.batch(), 3, c.size(), c.size()));
            float[] logits = model.predict(x).toFloatArray();
            assertEquals(expected.size(), logits.length);
            double maxDiff = 0;
            for (int i = 0; i < logits.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(logits[i] - expected.get(i).getAsDouble()));
            }
            System.out.printf("%s: max |kit - torch| = %.3g%n", name, maxDiff);
            assertTrue(
                    maxDiff <= TOLERANCE, name + ": max abs diff " + maxDiff + " > " + TOLERANCE);
        }
    }
}
