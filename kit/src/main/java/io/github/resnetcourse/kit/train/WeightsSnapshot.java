package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.engine.ChannelsLast;
import java.util.Collections;
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

    private WeightsSnapshot(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    private void put(String name, NDArray array) {
        NDArray copy = array.duplicate();
        copy.attach(manager);
        copies.put(name, copy);
    }

    /** Copies all initialised parameters of {@code block} into memory owned by {@code parent}. */
    public static WeightsSnapshot of(Block block, NDManager parent) {
        WeightsSnapshot snapshot = new WeightsSnapshot(parent);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) {
                snapshot.put(p.getKey(), p.getValue().getArray());
            }
        }
        return snapshot;
    }

    /**
     * Copies {@code arrays} (parameter name → values, e.g. read from a checkpoint) into memory
     * owned by {@code parent}.
     */
    static WeightsSnapshot of(Map<String, NDArray> arrays, NDManager parent) {
        WeightsSnapshot snapshot = new WeightsSnapshot(parent);
        arrays.forEach(snapshot::put);
        return snapshot;
    }

    /** The copies by parameter name, in the block's order (for a checkpoint to write). */
    Map<String, NDArray> arrays() {
        return Collections.unmodifiableMap(copies);
    }

    /**
     * Whether {@code block}'s parameters hold exactly this snapshot's values now (then a checkpoint
     * of the block's weights already holds it).
     */
    boolean matches(Block block) {
        int seen = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray copy = copies.get(p.getKey());
            if (copy == null || !p.getValue().isInitialized()) {
                return false;
            }
            NDArray live = p.getValue().getArray();
            if (!copy.getShape().equals(live.getShape()) || !copy.contentEquals(live)) {
                return false;
            }
            seen++;
        }
        return seen == copies.size();
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
