package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.engine.EngineTuning;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ParameterGroup;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.train.Losses;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One training-mode step of the kit's ResNets equals torchvision's: logits, loss, the gradients of
 * stem, block, projection, batch-norm and head parameters, and the running statistics batch norm
 * updates — with the full network trained and with the body frozen. This is what the kit's
 * forward-pass economies (in-place ReLU and residual add, intermediates freed as soon as consumed)
 * must leave unchanged. The batches are the lessons' (32 px in 8s, 224 px in 2s), and torch runs in
 * the layout the kit's engine self-check chose for this CPU.
 */
class TrainingStepParityTest {
    private static final double TOLERANCE = 2e-4;

    private static Path dir;
    private static JsonObject reference;

    @BeforeAll
    static void makeReference() throws Exception {
        dir = PythonReference.scratchDir("train-step");
        EngineTuning engine = Engines.init();
        String layout = engine.channelsLast() ? "channels-last" : "nchw";
        String backend = engine.configuration().backend().name().toLowerCase(Locale.ROOT);
        PythonReference.run("models/training_step_reference.py", dir.toString(), layout, backend);
        reference =
                JsonParser.parseString(Files.readString(dir.resolve("reference.json")))
                        .getAsJsonObject();
    }

    private static float[] input(int size) throws Exception {
        ByteBuffer raw =
                ByteBuffer.wrap(Files.readAllBytes(dir.resolve("input-" + size + ".bin")))
                        .order(ByteOrder.LITTLE_ENDIAN);
        float[] input = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(input);
        return input;
    }

    @AfterAll
    static void deleteFiles() throws Exception {
        PythonReference.delete(dir);
    }

    @Test
    void resnet18TrainingStepMatchesTorchvision() throws Exception {
        check("resnet18", ResNets::resnet18, 32, false);
    }

    @Test
    void resnet18WithFrozenBodyMatchesTorchvision() throws Exception {
        check("resnet18", ResNets::resnet18, 32, true);
    }

    @Test
    void resnet50TrainingStepMatchesTorchvision() throws Exception {
        check("resnet50", ResNets::resnet50, 32, false);
    }

    @Test
    void resnet18TrainingStepAt224PixelsMatchesTorchvision() throws Exception {
        check("resnet18", ResNets::resnet18, 224, false);
    }

    private static void check(
            String name, Supplier<ImageClassifier> factory, int size, boolean frozen)
            throws Exception {
        JsonObject expected =
                reference.getAsJsonObject(name + "@" + size + "/" + (frozen ? "frozen" : "full"));
        try (ImageClassifier model = factory.get().withHead(10);
                NDManager manager = NDManager.newBaseManager()) {
            WeightLoader.loadPth(model, dir.resolve(name + ".pth"));
            if (frozen) {
                for (ParameterGroup g :
                        model.parameterGroups().subList(0, model.parameterGroups().size() - 1)) {
                    g.parameters().forEach(p -> p.freeze(true)); // the body, as a DJL user would
                }
            }
            float[] input = input(size);
            NDArray x =
                    manager.create(
                            input, new Shape(input.length / (3 * size * size), 3, size, size));
            JsonArray labels = reference.getAsJsonArray("labels@" + size);
            float[] y = new float[labels.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels.get(i).getAsFloat();
            }
            NDArray logits;
            NDArray loss;
            ParameterStore store = new ParameterStore(manager, false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                logits = model.block().forward(store, new NDList(x), true).singletonOrThrow();
                loss =
                        Losses.crossEntropy()
                                .evaluate(new NDList(manager.create(y)), new NDList(logits));
                collector.backward(loss);
            }
            assertClose(
                    name + " loss",
                    expected.getAsJsonPrimitive("loss").getAsDouble(),
                    loss.getFloat());
            assertAllClose(
                    name + " logits", expected.getAsJsonArray("logits"), logits.toFloatArray());
            Map<String, Parameter> params = model.namedParameters();
            for (Map.Entry<String, com.google.gson.JsonElement> e :
                    expected.getAsJsonObject("grads").entrySet()) {
                NDArray weight = params.get(kitPath(e.getKey())).getArray();
                if (e.getValue().isJsonNull()) {
                    assertTrue(
                            !weight.hasGradient()
                                    || weight.getGradient().abs().max().getFloat() == 0,
                            name + ": frozen " + e.getKey() + " must get no gradient");
                    continue;
                }
                assertAllClose(
                        name + " grad " + e.getKey(),
                        e.getValue().getAsJsonArray(),
                        weight.getGradient().toFloatArray());
            }
            assertAllClose(
                    name + " bn1 running mean",
                    expected.getAsJsonArray("bn1.running_mean"),
                    params.get("bn1.runningMean").getArray().toFloatArray());
        }
    }

    /**
     * torchvision's batch-norm {@code weight}/{@code bias} are DJL's {@code gamma}/{@code beta}.
     */
    private static String kitPath(String torchPath) {
        if (torchPath.contains(".bn") || torchPath.startsWith("bn")) {
            return torchPath.replaceAll("\\.weight$", ".gamma").replaceAll("\\.bias$", ".beta");
        }
        return torchPath;
    }

    private static void assertClose(String what, double expected, double actual) {
        assertTrue(
                Math.abs(expected - actual) <= TOLERANCE * Math.max(1, Math.abs(expected)),
                what + ": kit " + actual + ", torch " + expected);
    }

    private static void assertAllClose(String what, JsonArray expected, float[] actual) {
        assertEquals(expected.size(), actual.length, what + ": size");
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            scale = Math.max(scale, Math.abs(expected.get(i).getAsDouble()));
        }
        double maxDiff = 0;
        for (int i = 0; i < actual.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected.get(i).getAsDouble()));
        }
        assertTrue(
                maxDiff <= TOLERANCE * Math.max(scale, 1e-3),
                what + ": max |kit - torch| = " + maxDiff + " (largest value " + scale + ")");
    }
}
