package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Keras' {@code ZeroPadding2D(1)} followed by {@code MaxPooling2D(3, strides=2)} (the v2 stem's
 * {@code pool1_pad}/{@code pool1_pool}). Not the same as a max-pool with padding 1: PyTorch pads a
 * max-pool with −∞, Keras here pads with zeros, which wins wherever the v2 stem (no ReLU before the
 * pool) produced negative values at the border.
 */
final class ZeroPadMaxPool extends AbstractBlock {
    ZeroPadMaxPool() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        try (NDArray padded = inputs.singletonOrThrow().pad(new Shape(1, 1, 1, 1), 0)) {
            return new NDList(
                    Pool.maxPool2d(
                            padded, new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {
            new Shape(s.get(0), s.get(1), (s.get(2) + 2 - 3) / 2 + 1, (s.get(3) + 2 - 3) / 2 + 1)
        };
    }
}
