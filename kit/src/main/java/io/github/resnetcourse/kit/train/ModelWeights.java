package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.engine.ChannelsLast;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's share of a checkpoint: every parameter's values (weights and batch-norm running
 * statistics) by the name {@code block.getParameters()} gives it, PyTorch's {@code
 * model.state_dict()}. Names are how every part of a checkpoint refers to a parameter, since DJL's
 * parameter ids change from one JVM to the next.
 */
final class ModelWeights {
    private ModelWeights() {}

    /** The block's parameters by name, in the block's order. */
    static Map<String, Parameter> byName(Block block) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        return byName;
    }

    /** Parameter id → name in the block. */
    static Map<String, String> namesById(Block block) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
        }
        return names;
    }

    /** The block's values by parameter name (the live arrays: encode them, never close them). */
    static Map<String, NDArray> state(Block block) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            arrays.put(p.getKey(), p.getValue().getArray());
        }
        return arrays;
    }

    /**
     * Copies {@code stored} into {@code block}, in place, after checking that every parameter
     * exists with the same shape (nothing is copied if one does not); errors name {@code file}.
     */
    static void loadState(Block block, Map<String, NDArray> stored, Path file) {
        Map<String, Parameter> byName = byName(block);
        if (stored.size() != byName.size()) {
            throw new IllegalArgumentException(
                    "Checkpoint "
                            + file
                            + " holds "
                            + stored.size()
                            + " parameters but the model has "
                            + byName.size()
                            + "; it was saved from a different architecture.");
        }
        for (Map.Entry<String, NDArray> e : stored.entrySet()) {
            Parameter target = byName.get(e.getKey());
            if (target == null) {
                throw new IllegalArgumentException(
                        "Checkpoint "
                                + file
                                + " has parameter '"
                                + e.getKey()
                                + "' the model lacks.");
            }
            NDArray live = target.getArray();
            if (!e.getValue().getShape().equals(live.getShape())) {
                throw new IllegalArgumentException(
                        "Checkpoint "
                                + file
                                + ": parameter '"
                                + e.getKey()
                                + "' has shape "
                                + e.getValue().getShape()
                                + ", the model "
                                + live.getShape()
                                + ".");
            }
        }
        stored.forEach((name, array) -> array.copyTo(byName.get(name).getArray()));
        // Copying values in lays the arrays out NCHW; the kit runs convolutions channels-last.
        ChannelsLast.apply(block);
    }
}
