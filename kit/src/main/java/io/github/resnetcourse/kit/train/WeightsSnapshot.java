package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.engine.ChannelsLast;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An in-memory copy of every parameter of a block (weights and batch-norm running statistics),
 * which can be copied back in place: early stopping's "restore the best weights" without a disk
 * round trip. Holds native memory until closed.
 */
public final class WeightsSnapshot implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> copies = new LinkedHashMap<>();

    private WeightsSnapshot(Block block, NDManager parent) {
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) {
                NDArray copy = p.getValue().getArray().duplicate();
                copy.attach(manager);
                copies.put(p.getKey(), copy);
            }
        }
    }

    /** Copies all initialised parameters of {@code block} into memory owned by {@code parent}. */
    public static WeightsSnapshot of(Block block, NDManager parent) {
        return new WeightsSnapshot(block, parent);
    }

    /** Overwrites {@code block}'s parameters with this snapshot, in place. */
    public void restoreInto(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray copy = copies.get(p.getKey());
            if (copy == null) {
                throw new IllegalStateException(
                        "The snapshot has no parameter '"
                                + p.getKey()
                                + "'; it was taken from a different model.");
            }
            // In place, so optimizer state and the trainable set keep pointing at the same arrays.
            copy.copyTo(p.getValue().getArray());
        }
        // Copying values in lays the arrays out NCHW; the kit runs convolutions channels-last.
        ChannelsLast.apply(block);
    }

    @Override
    public void close() {
        manager.close();
    }
}
