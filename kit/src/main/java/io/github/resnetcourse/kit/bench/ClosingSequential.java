package io.github.resnetcourse.kit.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A sequential block that closes each intermediate result as soon as the next child has consumed
 * it. DJL otherwise keeps every intermediate until the batch's manager closes; autograd still holds
 * what backward needs, so closing early only drops what PyTorch would have freed too.
 */
final class ClosingSequential extends AbstractBlock {

    ClosingSequential add(String name, Block block) {
        addChildBlock(name, block);
        return this;
    }

    /** Returns the child added under {@code name} (DJL prefixes child names with their index). */
    Block child(String name) {
        for (int i = 0; i < children.size(); i++) {
            if (children.keyAt(i).substring(2).equals(name)) {
                return children.valueAt(i);
            }
        }
        throw new IllegalArgumentException("No child block named " + name);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (Block child : children.values()) {
            NDList next = child.forward(parameterStore, current, training, params);
            if (current != inputs) {
                current.close();
            }
            current = next;
        }
        return current;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block child : children.values()) {
            child.initialize(manager, dataType, shapes);
            shapes = child.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block child : children.values()) {
            shapes = child.getOutputShapes(shapes);
        }
        return shapes;
    }
}
