package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.models.ImageClassifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kit's ResNet50V2 against Keras itself (TensorFlow's CPU wheel), at the lesson's 224 px and
 * batch 2: a weights file written by Keras' own HDF5 writer and the kit's generated twin must both
 * give Keras' logits within 1e-4, Keras must accept the twin (by layer order and by name), and the
 * twin must have the layout of Keras' file. Without TensorFlow in the Python of {@code
 * course.keras.python} (default {@code course.python}, the course's .venv) the tests are reported
 * as skipped, with the command that installs it.
 */
class KerasParityTest {
    private static final int BATCH = 2;
    private static final int SIZE = 224;
    private static final double TOLERANCE = 1e-4;

    private static Path dir;
    private static Path twin;
    private static JsonObject reference;

    @BeforeAll
    static void runKeras() throws Exception {
        String python = kerasPython();
        dir = PythonReference.scratchDir("keras-parity");
        twin = dir.resolve("resnet50v2_weights_tf_dim_ordering_tf_kernels.h5");
        WeightTwin.writeKeras(Architecture.RESNET50_V2, twin, 42);
        writeInput(dir.resolve("input.bin"));
        run(python, "models/keras_reference.py", dir.toString(), twin.toString(), "" + BATCH);
        reference =
                JsonParser.parseString(Files.readString(dir.resolve("keras.json")))
                        .getAsJsonObject();
        System.out.println(
                "Keras reference: TensorFlow "
                        + reference.get("tensorflow").getAsString()
                        + ", Keras "
                        + reference.get("keras").getAsString());
    }

    @AfterAll
    static void deleteFiles() throws IOException {
        PythonReference.delete(dir);
    }

    @Test
    void weightsWrittenByKerasGiveKerasLogitsAndParameterCount() throws Exception {
        Path file = dir.resolve("keras-written.h5");
        try (ImageClassifier model = Architecture.RESNET50_V2.build()) {
            WeightLoader.loadH5(model, file);
            JsonObject keras = reference.getAsJsonObject("keras_written");
            assertEquals(
                    keras.get("parameters").getAsLong(),
                    model.parameterCount() + model.bufferCount(),
                    "Keras' count_params()");
            assertLogits("Keras-written file", model, keras.getAsJsonArray("logits"));
        }
    }

    @Test
    void kerasLoadsTheTwinAndComputesWhatTheKitComputes() throws Exception {
        JsonObject keras = reference.getAsJsonObject("twin");
        assertTrue(
                keras.get("same_by_order_and_by_name").getAsBoolean(),
                "Keras' load_weights by layer order and by name give different weights");
        try (ImageClassifier model = Architecture.RESNET50_V2.build()) {
            WeightLoader.loadH5(model, twin);
            assertLogits("kit twin", model, keras.getAsJsonArray("logits"));
        }
    }

    @Test
    void twinHasTheLayoutOfKerasOwnFile() {
        JsonObject layout = reference.getAsJsonObject("layout");
        JsonObject keras = layout.getAsJsonObject("keras_written");
        JsonObject kit = layout.getAsJsonObject("twin");
        assertEquals(keras.get("weights"), kit.get("weights"), "weight names and shapes");
        List<String> kerasLayers = strings(keras.getAsJsonArray("layers"));
        List<String> kitLayers = strings(kit.getAsJsonArray("layers"));
        // Keras 3 calls the input 'input_layer'; Keras 2, which wrote the published file,
        // 'input_1'.
        kerasLayers.set(kerasLayers.indexOf("input_layer"), "input_1");
        assertEquals(kerasLayers, kitLayers, "layer_names: every layer, in Keras' order");
        assertEquals(keras.get("attrs"), kit.get("attrs"), "root attributes");
    }

    @Test
    void kerasPreprocessingIsNormalizeHalfHalf() {
        JsonArray expected = reference.getAsJsonArray("preprocess_input");
        float[] bytes = new float[3 * 256];
        for (int i = 0; i < 256; i++) {
            for (int c = 0; c < 3; c++) {
                bytes[c * 256 + i] = i / 255f; // ToTensor's [0, 1] scale
            }
        }
        float[] kit = Normalize.KERAS_TF.apply(new RgbImage(bytes, 16, 16), new Random(0)).data();
        for (int i = 0; i < 256; i++) {
            assertEquals(expected.get(i).getAsDouble(), kit[i], 1e-6, "byte " + i);
        }
    }

    private static void assertLogits(String what, ImageClassifier model, JsonArray expected)
            throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(readInput(), new Shape(BATCH, 3, SIZE, SIZE));
            float[] logits = model.predict(x).toFloatArray();
            int classes = logits.length / BATCH;
            double maxDiff = 0;
            double maxAbs = 0;
            for (int b = 0; b < BATCH; b++) {
                JsonArray row = expected.get(b).getAsJsonArray();
                assertEquals(classes, row.size());
                for (int k = 0; k < classes; k++) {
                    double e = row.get(k).getAsDouble();
                    maxDiff = Math.max(maxDiff, Math.abs(logits[b * classes + k] - e));
                    maxAbs = Math.max(maxAbs, Math.abs(e));
                }
            }
            System.out.printf(
                    "%s: max |kit - Keras| = %.3g over %d×%d logits (largest |logit| %.3g)%n",
                    what, maxDiff, BATCH, classes, maxAbs);
            assertTrue(maxDiff <= TOLERANCE, what + ": max abs diff " + maxDiff);
        }
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) {
            out.add(e.getAsString());
        }
        return out;
    }

    /** Pixels in [−1, 1] as resnet_v2.preprocess_input makes them, seeded. */
    private static void writeInput(Path file) throws IOException {
        Random rng = new Random(1);
        ByteBuffer b =
                ByteBuffer.allocate(BATCH * 3 * SIZE * SIZE * 4).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            b.putFloat(rng.nextFloat() * 2 - 1);
        }
        Files.write(file, b.array());
    }

    private static float[] readInput() throws IOException {
        ByteBuffer raw =
                ByteBuffer.wrap(Files.readAllBytes(dir.resolve("input.bin")))
                        .order(ByteOrder.LITTLE_ENDIAN);
        float[] input = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(input);
        return input;
    }

    /** The Python with TensorFlow, or the tests are skipped (aborted) saying how to install it. */
    private static String kerasPython() throws Exception {
        String python =
                System.getProperty(
                        "course.keras.python", System.getProperty("course.python", "python3"));
        String why;
        if (!Files.isExecutable(Paths.get(python)) && python.contains("/")) {
            why = python + " does not exist";
        } else {
            Process p =
                    new ProcessBuilder(python, "-c", "import tensorflow, keras, h5py")
                            .redirectErrorStream(true)
                            .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0) {
                return python;
            }
            why = "TensorFlow/Keras/h5py do not import in " + python + ": " + lastLine(out);
        }
        String message =
                "SKIPPED Keras parity: "
                        + why
                        + ". Install them with: "
                        + python
                        + " -m pip install -r scripts/requirements-keras.txt"
                        + " (or point -Dcourse.keras.python at a Python that has them)";
        System.out.println(message);
        Assumptions.abort(message);
        return null;
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static void run(String python, String script, String... args) throws Exception {
        Path scripts = kitDir().resolve("src/test/python");
        List<String> cmd = new ArrayList<>(List.of(python, scripts.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(script + " failed (exit " + p.exitValue() + "):\n" + out);
        }
    }

    private static Path kitDir() {
        String home = System.getProperty("course.home");
        Path base = home == null ? Paths.get("").toAbsolutePath() : Paths.get(home);
        return Files.isDirectory(base.resolve("kit")) ? base.resolve("kit") : base;
    }
}
