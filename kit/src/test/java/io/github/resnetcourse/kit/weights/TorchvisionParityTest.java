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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof of issue item 8: torchvision builds models with random weights and saves them with
 * {@code torch.save}; the kit loads those files and must compute the same logits (max abs diff ≤
 * 1e-4) with the same parameter counts. ResNet50V2 is checked the same way against a Keras-layout
 * {@code .h5} written by h5py and logits computed with torch functional ops.
 */
class TorchvisionParityTest {
    private static final int SIZE = 64;
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
        PythonReference.run(
                "models/torchvision_reference.py", dir.toString(), String.valueOf(SIZE));
        reference =
                JsonParser.parseString(Files.readString(dir.resolve("reference.json")))
                        .getAsJsonObject();
    }

    @Test
    void resnet18MatchesTorchvision() throws Exception {
        checkPth("resnet18", ResNets::resnet18, "resnet18.pth");
    }

    @Test
    void resnet18FromLegacyFormatMatchesTorchvision() throws Exception {
        checkPth("resnet18", ResNets::resnet18, "resnet18-legacy.pth");
    }

    @Test
    void resnet50MatchesTorchvision() throws Exception {
        checkPth("resnet50", ResNets::resnet50, "resnet50.pth");
    }

    @Test
    void resnet152MatchesTorchvision() throws Exception {
        checkPth("resnet152", ResNets::resnet152, "resnet152.pth");
    }

    @Test
    void alexnetMatchesTorchvision() throws Exception {
        checkPth("alexnet", AlexNets::alexnet, "alexnet.pth");
    }

    @Test
    void resnet50V2MatchesKerasLayoutWeights() throws Exception {
        try (ImageClassifier model = ResNets.resnet50V2()) {
            WeightLoader.loadH5(model, dir.resolve("resnet50v2.h5"));
            assertEquals(
                    reference.getAsJsonObject("resnet50v2").get("parameters").getAsLong(),
                    model.parameterCount() + model.bufferCount());
            assertLogits("resnet50v2", model);
        }
    }

    private static void checkPth(String name, Supplier<ImageClassifier> factory, String file)
            throws Exception {
        try (ImageClassifier model = factory.get()) {
            WeightLoader.loadPth(model, dir.resolve(file));
            assertEquals(
                    reference.getAsJsonObject(name).get("parameters").getAsLong(),
                    model.parameterCount());
            assertLogits(name, model);
        }
    }

    private static void assertLogits(String name, ImageClassifier model) throws Exception {
        var expected = reference.getAsJsonObject(name).getAsJsonArray("logits");
        try (NDManager manager = NDManager.newBaseManager()) {
            ByteBuffer raw =
                    ByteBuffer.wrap(Files.readAllBytes(dir.resolve("input.bin")))
                            .order(ByteOrder.LITTLE_ENDIAN);
            float[] input = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(input);
            NDArray x = manager.create(input, new Shape(1, 3, SIZE, SIZE));
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
