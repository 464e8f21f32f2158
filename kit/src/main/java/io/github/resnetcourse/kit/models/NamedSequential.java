package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence of blocks under names of our choosing ({@code "0"}, {@code "conv1"}, {@code
 * "layer1"}), like PyTorch's {@code nn.Sequential}/{@code nn.Module} attributes. DJL's own {@code
 * SequentialBlock} names children after their class, which cannot be mapped to a torchvision or
 * Keras weight name; here the name given is the name used by {@link ParameterPaths}.
 *
 * <p>Each intermediate result is closed as soon as the next child has consumed it, so a forward
 * pass holds only what autograd needs instead of every activation until the batch ends (DJL's
 * default). The sequence's input is never closed, and neither is a result a child passes through
 * unchanged. A child that wants to keep its output beyond the pass must keep a copy ({@code
 * duplicate()}).
 */
public final class NamedSequential extends AbstractBlock {
    private final List<String> names = new ArrayList<>();

    /** An empty sequence; add children with {@link #add(String, Block)}. */
    public NamedSequential() {
        super((byte) 1);
    }

    /**
     * Appends {@code block} under {@code name}.
     *
     * @return this, for chaining
     * @throws IllegalArgumentException if {@code name} is already used
     */
    public NamedSequential add(String name, Block block) {
        if (names.contains(name)) {
            throw new IllegalArgumentException("A child named '" + name + "' already exists");
        }
        names.add(name);
        addChildBlock(name, block);
        return this;
    }

    /** The child called {@code name}. */
    public Block get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("No child named '" + name + "'; children: " + names);
        }
        return children.get(i).getValue();
    }

    /** The children's names in order. */
    public List<String> names() {
        return List.copyOf(names);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (Block child : children.values()) {
            NDList next = child.forward(store, current, training, params);
            if (current != inputs) {
                closeConsumed(current, next);
            }
            current = next;
        }
        return current;
    }

    /** Closes the arrays of {@code consumed} that {@code produced} does not pass on. */
    private static void closeConsumed(NDList consumed, NDList produced) {
        for (NDArray array : consumed) {
            if (!containsSame(produced, array)) {
                array.close();
            }
        }
    }

    private static boolean containsSame(NDList list, NDArray array) {
        for (NDArray a : list) {
            if (a == array) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] current = inputShapes;
        for (Block child : children.values()) {
            current = child.getOutputShapes(current);
        }
        return current;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] current = inputShapes;
        for (Block child : children.values()) {
            child.initialize(manager, dataType, current);
            current = child.getOutputShapes(current);
        }
    }

    @Override
    public String toString() {
        return "NamedSequential" + names;
    }
}
