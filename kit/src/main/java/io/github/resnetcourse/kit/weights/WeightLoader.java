package io.github.resnetcourse.kit.weights;

import ai.djl.nn.Parameter;
import io.github.resnetcourse.kit.engine.ChannelsLast;
import io.github.resnetcourse.kit.models.ImageClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the tensors of a weight file into a model, by name, after checking that every parameter
 * has exactly one tensor of exactly its shape. Nothing is copied unless everything matches.
 */
public final class WeightLoader {
    private WeightLoader() {}

    /**
     * Loads a PyTorch {@code state_dict} ({@code .pth}) into {@code model} (torchvision layout).
     * {@code num_batches_tracked} buffers are ignored (DJL does not keep them).
     *
     * @throws WeightFormatException naming missing, unexpected and wrongly shaped tensors
     */
    public static void loadPth(ImageClassifier model, Path file) {
        Map<String, StoredTensor> tensors = TorchCheckpoint.readStateDict(file);
        tensors.keySet().removeIf(k -> k.endsWith("num_batches_tracked"));
        Map<String, Parameter> targets = new LinkedHashMap<>();
        model.namedParameters().forEach((path, p) -> targets.put(torchName(path), p));
        copy(model, targets, tensors, file, key -> tensors.get(key));
    }

    /**
     * Loads Keras weights ({@code .h5}) into {@code model} (Keras layout): layer names are the
     * model's paths with {@code _} for {@code .}; convolution kernels HWIO become OIHW, dense
     * kernels in×out become out×in.
     */
    public static void loadH5(ImageClassifier model, Path file) {
        Map<String, StoredTensor> raw = KerasH5.read(file);
        Map<String, Parameter> targets = new LinkedHashMap<>();
        model.namedParameters().forEach((path, p) -> targets.put(kerasName(path), p));
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        raw.forEach(
                (k, t) -> {
                    boolean kernel = k.endsWith("/kernel");
                    StoredTensor v = t;
                    if (kernel && t.shape().length == 4) {
                        v = t.permute(3, 2, 0, 1);
                    } else if (kernel && t.shape().length == 2) {
                        v = t.permute(1, 0);
                    }
                    tensors.put(k, v);
                });
        copy(model, targets, tensors, file, tensors::get);
    }

    /** The torchvision {@code state_dict} key of a kit parameter path. */
    static String torchName(String path) {
        int dot = path.lastIndexOf('.');
        String module = path.substring(0, dot);
        String name =
                switch (path.substring(dot + 1)) {
                    case "gamma" -> "weight";
                    case "beta" -> "bias";
                    case "runningMean" -> "running_mean";
                    case "runningVar" -> "running_var";
                    default -> path.substring(dot + 1);
                };
        return module + "." + name;
    }

    /** The Keras {@code layer/weight} key of a kit parameter path. */
    static String kerasName(String path) {
        int dot = path.lastIndexOf('.');
        String layer = path.substring(0, dot).replace('.', '_');
        String name =
                switch (path.substring(dot + 1)) {
                    case "weight" -> "kernel";
                    case "runningMean" -> "moving_mean";
                    case "runningVar" -> "moving_variance";
                    default -> path.substring(dot + 1);
                };
        return layer + "/" + name;
    }

    private static void copy(
            ImageClassifier model,
            Map<String, Parameter> targets,
            Map<String, StoredTensor> tensors,
            Path file,
            java.util.function.Function<String, StoredTensor> lookup) {
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        for (var e : targets.entrySet()) {
            StoredTensor t = lookup.apply(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(t.shape(), e.getValue().getShape().getShape())) {
                wrongShape.add(
                        e.getKey()
                                + " is "
                                + Arrays.toString(t.shape())
                                + " in the file, "
                                + Arrays.toString(e.getValue().getShape().getShape())
                                + " in the model");
            }
        }
        List<String> unexpected = new ArrayList<>(tensors.keySet());
        unexpected.removeAll(targets.keySet());
        if (!missing.isEmpty() || !wrongShape.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder msg =
                    new StringBuilder(file.toString())
                            .append(" does not fit ")
                            .append(model.name())
                            .append(" (")
                            .append(targets.size())
                            .append(" tensors expected, ")
                            .append(tensors.size())
                            .append(" in the file) — is it the weight file for this architecture?");
            describe(msg, "wrong shape", wrongShape);
            describe(msg, "missing from the file", missing);
            describe(msg, "in the file but not in the model", unexpected);
            throw new WeightFormatException(msg.toString());
        }
        for (var e : targets.entrySet()) {
            e.getValue().getArray().set(lookup.apply(e.getKey()).toFloatArray());
        }
        // Setting values lays the arrays out NCHW again; the kit runs convolutions channels-last.
        ChannelsLast.apply(model.block());
    }

    private static void describe(StringBuilder msg, String what, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        msg.append("\n  ").append(keys.size()).append(' ').append(what).append(": ");
        msg.append(String.join(", ", keys.subList(0, Math.min(5, keys.size()))));
        if (keys.size() > 5) {
            msg.append(", …");
        }
    }
}
