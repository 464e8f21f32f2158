package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.models.ImageClassifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * A generated stand-in for a published weight file, with seeded random values, under {@code
 * <synth>/weights/} so smoke runs (CI, no downloads) go through the real reading path. It lives
 * apart from the real weights folder so it is never taken for ImageNet weights.
 *
 * <ul>
 *   <li>A {@code .pth} twin is the architecture's exact torchvision {@code state_dict} (every key,
 *       shape and {@code num_batches_tracked} buffer), written by {@link TorchSaveWriter} and read
 *       by {@link TorchCheckpoint} → {@link WeightLoader}. Values follow torchvision's
 *       initialisation: ResNet convolutions Kaiming-normal (fan-out, ReLU), batch norm the identity
 *       (weight 1, bias 0, running mean 0, variance 1), everything else PyTorch's default uniform
 *       ±1/√fan-in.
 *   <li>A {@code .h5} twin is the Keras layout of the published applications file (every layer in
 *       Keras' order, weight names, HWIO kernels), written by {@link KerasH5Writer} and read by
 *       {@link KerasH5} → {@link WeightLoader}; Keras' {@code load_weights} accepts it. Values
 *       follow Keras' initialisation: kernels Glorot-uniform, biases 0, batch norm the identity.
 * </ul>
 */
public final class WeightTwin {
    private WeightTwin() {}

    /**
     * Where the twin of {@code weights} lives in the twins' {@code folder} (smoke runs use {@code
     * <synth>/weights/}, {@link WeightsLocation#of(io.github.resnetcourse.kit.notebook.Env)}).
     */
    public static Path file(Weights weights, Path folder) {
        return folder.resolve(weights.fileName());
    }

    /**
     * The twin of {@code weights} in {@code folder}, generated with values seeded by {@code seed}
     * unless it exists already.
     */
    public static Path ensure(Weights weights, Path folder, long seed) {
        Path file = file(weights, folder);
        if (!Files.isRegularFile(file)) {
            try {
                if (weights.fileName().endsWith(".h5")) {
                    writeKeras(weights.architecture(), file, seed);
                } else {
                    write(weights.architecture(), file, seed);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the generated twin " + file, e);
            }
            System.out.println(
                    "Generated a twin of "
                            + weights.fileName()
                            + " with random weights (NOT ImageNet weights) at "
                            + file
                            + "; "
                            + weights.fetchCommand()
                            + " fetches the real ones.");
        } else {
            System.out.println(
                    "No downloaded file, so using the generated twin "
                            + file
                            + " (random weights, NOT ImageNet weights).");
        }
        return file;
    }

    /**
     * Writes a seeded, randomly initialised {@code state_dict} of {@code architecture} in
     * torchvision's layout to {@code file}.
     */
    public static void write(Architecture architecture, Path file, long seed) throws IOException {
        Map<String, long[]> shapes = shapesByName(architecture, WeightLoader::torchName);
        boolean resnet = architecture.id().startsWith("resnet");
        SplittableRandom rng = new SplittableRandom(seed);
        try (TorchSaveWriter w = TorchSaveWriter.create(file)) {
            for (var e : shapes.entrySet()) {
                String key = e.getKey();
                String module = key.substring(0, key.lastIndexOf('.'));
                boolean batchNorm = shapes.containsKey(module + ".running_var");
                long[] weight = shapes.getOrDefault(module + ".weight", e.getValue());
                w.putFloats(
                        key,
                        e.getValue(),
                        values(key, e.getValue(), weight, batchNorm, resnet, rng));
                if (key.endsWith(".running_var")) {
                    // torchvision's state_dict keeps this buffer after each running_var.
                    w.putLong(module + ".num_batches_tracked", 0);
                }
            }
            w.commit();
        }
    }

    /**
     * Writes seeded, randomly initialised weights of the Keras {@code architecture} (a ResNet V2)
     * in the layout of the published Keras applications file to {@code file}.
     */
    public static void writeKeras(Architecture architecture, Path file, long seed)
            throws IOException {
        Map<String, long[]> shapes = shapesByName(architecture, WeightLoader::kerasName);
        Map<String, List<String>> weightsOf = new LinkedHashMap<>();
        for (String key : shapes.keySet()) {
            int slash = key.indexOf('/');
            weightsOf
                    .computeIfAbsent(key.substring(0, slash), k -> new ArrayList<>())
                    .add(key.substring(slash + 1));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<KerasH5Writer.Layer> layers = new ArrayList<>();
        for (String layer : KerasLayerOrder.resnetV2(weightsOf.keySet())) {
            List<KerasH5Writer.Weight> weights = new ArrayList<>();
            for (String name : KERAS_WEIGHT_ORDER) {
                if (weightsOf.getOrDefault(layer, List.of()).contains(name)) {
                    long[] shape = kerasShape(name, shapes.get(layer + "/" + name));
                    weights.add(
                            new KerasH5Writer.Weight(name, shape, kerasValues(name, shape, rng)));
                }
            }
            layers.add(new KerasH5Writer.Layer(layer, weights));
        }
        KerasH5Writer.write(file, layers);
    }

    /** The order Keras lists a layer's weights in (Conv2D/Dense, then BatchNormalization). */
    private static final List<String> KERAS_WEIGHT_ORDER =
            List.of("kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance");

    /** Keras' shape of a kit tensor: convolution kernels OIHW → HWIO, dense out×in → in×out. */
    private static long[] kerasShape(String name, long[] shape) {
        if (name.equals("kernel") && shape.length == 4) {
            return new long[] {shape[2], shape[3], shape[1], shape[0]};
        }
        if (name.equals("kernel") && shape.length == 2) {
            return new long[] {shape[1], shape[0]};
        }
        return shape;
    }

    /** Keras' initialisers: Glorot-uniform kernels, zero biases, identity batch norm. */
    private static float[] kerasValues(String name, long[] shape, SplittableRandom rng) {
        float[] v = new float[Math.toIntExact(numel(shape))];
        switch (name) {
            case "kernel" -> {
                long receptive = 1;
                for (int d = 0; d < shape.length - 2; d++) {
                    receptive *= shape[d];
                }
                long fanIn = receptive * shape[shape.length - 2];
                long fanOut = receptive * shape[shape.length - 1];
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
                }
            }
            case "gamma", "moving_variance" -> Arrays.fill(v, 1f);
            default -> {} // bias, beta, moving_mean: zeros
        }
        return v;
    }

    private static float[] values(
            String key,
            long[] shape,
            long[] weightShape,
            boolean batchNorm,
            boolean resnet,
            SplittableRandom rng) {
        float[] v = new float[Math.toIntExact(numel(shape))];
        if (batchNorm) {
            if (key.endsWith(".weight") || key.endsWith(".running_var")) {
                Arrays.fill(v, 1f);
            }
            return v;
        }
        if (key.endsWith(".weight") && shape.length == 4 && resnet) {
            double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian() * std);
            }
            return v;
        }
        // PyTorch's default for conv and linear layers: U(-1/√fan_in, 1/√fan_in) for weight and
        // bias, fan_in taken from the weight.
        long fanIn = 1;
        for (int d = 1; d < weightShape.length; d++) {
            fanIn *= weightShape[d];
        }
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Every parameter's shape, in the model's order, under the name the weight file uses. */
    private static Map<String, long[]> shapesByName(
            Architecture architecture, UnaryOperator<String> fileName) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (ImageClassifier model = architecture.build()) {
            model.namedParameters()
                    .forEach(
                            (path, p) ->
                                    shapes.put(
                                            fileName.apply(path),
                                            p.getArray().getShape().getShape()));
        }
        return shapes;
    }
}
