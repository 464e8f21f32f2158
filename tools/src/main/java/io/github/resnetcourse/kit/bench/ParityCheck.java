package io.github.resnetcourse.kit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.engine.EngineTuning;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.weights.WeightLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kit's side of the benchmark's parity check, run in a child process like a benchmark case:
 * loads the ResNet18 that {@code bench/parity_reference.py} saved, runs its batch in eval and in
 * train mode under the engine configuration in force, and prints the largest differences from
 * PyTorch's logits as one JSON line.
 */
public final class ParityCheck {

    /**
     * The largest relative difference a speed figure may come with: float32 rounding stays below
     * 1e-5 here, the convolution faults the engine self-check guards against were 10 % to 400 %.
     */
    public static final double TOLERANCE = 1e-4;

    private ParityCheck() {}

    /**
     * What the child found.
     *
     * @param evalError max |kit − torch| / max(1, max |torch|) of the eval-mode logits
     * @param trainError the same for train-mode logits (batch statistics)
     * @param configuration the engine settings in force, {@link EngineTuning#describe()}
     */
    public record Result(double evalError, double trainError, String configuration) {
        /** Whether both errors are within {@link #TOLERANCE}. */
        public boolean agrees() {
            return evalError <= TOLERANCE && trainError <= TOLERANCE;
        }
    }

    /**
     * Entry point of the child process.
     *
     * @param args {@code DIR SIZE BATCH}: the reference's folder and the benchmarked shape
     */
    public static void main(String[] args) throws IOException {
        EngineTuning tuning = Engines.init();
        Path dir = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        JsonObject reference =
                JsonParser.parseString(Files.readString(dir.resolve("reference.json")))
                        .getAsJsonObject();
        try (ImageClassifier base = ResNets.resnet18();
                ImageClassifier model = base.withHead(10);
                NDManager manager = NDManager.newBaseManager()) {
            WeightLoader.loadPth(model, dir.resolve("resnet18.pth"));
            NDArray x =
                    manager.create(
                            readFloats(dir.resolve("input.bin")), new Shape(batch, 3, size, size));
            double evalError =
                    error(model.predict(x).toFloatArray(), reference.getAsJsonArray("eval"));
            NDArray trained =
                    model.block()
                            .forward(new ParameterStore(manager, false), new NDList(x), true)
                            .singletonOrThrow();
            double trainError = error(trained.toFloatArray(), reference.getAsJsonArray("train"));
            System.out.println(
                    new Gson().toJson(new Result(evalError, trainError, tuning.describe())));
        }
    }

    private static double error(float[] actual, JsonArray expected) {
        if (actual.length != expected.size()) {
            return Double.MAX_VALUE;
        }
        double scale = 1;
        double diff = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).getAsDouble();
            scale = Math.max(scale, Math.abs(e));
            diff = Math.max(diff, Math.abs(actual[i] - e));
        }
        return diff / scale;
    }

    private static float[] readFloats(Path file) throws IOException {
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(values);
        return values;
    }
}
