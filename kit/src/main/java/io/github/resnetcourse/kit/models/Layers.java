package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/** The few layer shapes the architectures are built from, with PyTorch's defaults spelled out. */
final class Layers {
    /** PyTorch's BatchNorm epsilon. */
    static final float TORCH_BN_EPS = 1e-5f;

    /** Keras' ResNet BatchNorm epsilon ({@code 1.001e-5} in {@code resnet.py}). */
    static final float KERAS_BN_EPS = 1.001e-5f;

    private Layers() {}

    static Block conv(int filters, int kernel, int stride, int padding, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(bias)
                .build();
    }

    /**
     * Batch norm over channels, with DJL's arithmetic. DJL's momentum is the weight of the old
     * running value, so 0.9 is PyTorch's momentum 0.1 (and Keras' 0.99 would be 0.99; the kit
     * trains V2 like PyTorch).
     */
    static Block batchNorm(float epsilon) {
        // The kit's own block, so that a learner can run it as Keras runs a frozen layer.
        return new FreezableBatchNorm(epsilon, 0.9f);
    }

    /**
     * ReLU, out of place: it follows batch norm, and DJL's batch norm returns a view of its result
     * (a transpose), on which an in-place operation would make autograd copy the whole base in
     * backward ({@code CopySlices}, measured at ~10 % of a ResNet18 training step).
     */
    static Block relu() {
        return Activation.reluBlock();
    }

    static Block linear(long units) {
        return Linear.builder().setUnits(units).optBias(true).build();
    }

    static Block dropout(float rate) {
        return Dropout.builder().optRate(rate).build();
    }

    static Block maxPool(int kernel, int stride, int padding) {
        return Pool.maxPool2dBlock(
                new Shape(kernel, kernel), new Shape(stride, stride), new Shape(padding, padding));
    }

    static Block globalAvgPool() {
        // Pool.globalAvgPool2d returns (N, C): pooling and torch.flatten in one.
        return Pool.globalAvgPool2dBlock();
    }

    static Block flatten() {
        return LambdaBlock.singleton(x -> x.reshape(x.getShape().get(0), -1), "flatten");
    }

    /**
     * Initialises {@code blocks} one after the other starting from {@code shape}.
     *
     * @return the output shape of the last block
     */
    static Shape[] initChain(
            NDManager manager, DataType dataType, Shape[] shapes, Block... blocks) {
        Shape[] current = shapes;
        for (Block block : blocks) {
            block.initialize(manager, dataType, current);
            current = block.getOutputShapes(current);
        }
        return current;
    }

    /** The output shape of {@code blocks} applied in order. */
    static Shape[] chainShapes(Shape[] shapes, Block... blocks) {
        Shape[] current = shapes;
        for (Block block : blocks) {
            current = block.getOutputShapes(current);
        }
        return current;
    }

    static NDList single(ai.djl.ndarray.NDArray array) {
        return new NDList(array);
    }
}
