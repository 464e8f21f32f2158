package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated stand-in for a published weight file: the architecture's exact torchvision {@code
 * state_dict} (every key, shape and {@code num_batches_tracked} buffer) with seeded random values,
 * written by {@link TorchSaveWriter} under {@code <synth>/weights/} so smoke runs (CI, no
 * downloads) go through the real reading path ({@link TorchCheckpoint} → {@link WeightLoader}). It
 * lives apart from the real weights folder so it is never taken for ImageNet weights.
 *
 * <p>Values follow torchvision's initialisation: ResNet convolutions Kaiming-normal (fan-out,
 * ReLU), batch norm the identity (weight 1, bias 0, running mean 0, variance 1), everything else
 * PyTorch's default uniform ±1/√fan-in.
 */
public final class WeightTwin {
    private WeightTwin() {}

    /** Where the twin of {@code weights} lives for {@code env}. */
    public static Path file(Weights weights, Env env) {
        return env.synthDir().resolve("weights").resolve(weights.fileName());
    }

    /**
     * The twin of {@code weights} for {@code env}, generated (seeded by {@link Env#seed()}) unless
     * it exists already.
     *
     * @throws UnsupportedOperationException for Keras {@code .h5} weights, which have no twin yet
     */
    public static Path ensure(Weights weights, Env env) {
        if (weights.fileName().endsWith(".h5")) {
            throw new UnsupportedOperationException(
                    "No generated twin exists for the Keras file "
                            + weights.fileName()
                            + "; fetch the real one with "
                            + weights.fetchCommand());
        }
        Path file = file(weights, env);
        if (!Files.isRegularFile(file)) {
            try {
                write(weights.architecture(), file, env.seed());
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
                    "Smoke run: using the generated twin "
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
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (ImageClassifier model = architecture.build()) {
            model.namedParameters()
                    .forEach(
                            (path, p) ->
                                    shapes.put(
                                            WeightLoader.torchName(path),
                                            p.getArray().getShape().getShape()));
        }
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
                java.util.Arrays.fill(v, 1f);
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
}
