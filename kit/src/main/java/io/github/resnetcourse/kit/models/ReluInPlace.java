package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.resnetcourse.kit.engine.InPlace;

/**
 * torchvision's {@code nn.ReLU(inplace=True)}: overwrites its input with the activation and returns
 * it. Used only where the input is an intermediate the network itself produced (a batch norm,
 * convolution or linear output), never on data a caller still reads.
 */
final class ReluInPlace extends AbstractBlock {

    ReluInPlace() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(InPlace.relu(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "ReLU(inplace=True)";
    }
}
