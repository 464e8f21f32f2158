package io.github.resnetcourse.kit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torchvision's {@code BasicBlock}: conv3×3-bn-relu-conv3×3-bn, plus the identity (or a strided 1×1
 * conv-bn {@code downsample}), then relu. Intermediates are closed once consumed.
 */
final class BasicBlock extends AbstractBlock {

    private final Block conv1;
    private final Block bn1;
    private final Block conv2;
    private final Block bn2;
    private final Block downsample;

    BasicBlock(int inChannels, int channels, int stride) {
        conv1 = addChildBlock("conv1", Layers.conv(channels, 3, stride, 1));
        bn1 = addChildBlock("bn1", Layers.batchNorm());
        conv2 = addChildBlock("conv2", Layers.conv(channels, 3, 1, 1));
        bn2 = addChildBlock("bn2", Layers.batchNorm());
        downsample =
                stride != 1 || inChannels != channels
                        ? addChildBlock(
                                "downsample",
                                new ClosingSequential()
                                        .add("0", Layers.conv(channels, 1, stride, 0))
                                        .add("1", Layers.batchNorm()))
                        : null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList a = conv1.forward(ps, inputs, training, params);
        NDList b = bn1.forward(ps, a, training, params);
        a.close();
        NDArray relu = Activation.relu(b.singletonOrThrow());
        b.close();
        NDList c = conv2.forward(ps, new NDList(relu), training, params);
        relu.close();
        NDList d = bn2.forward(ps, c, training, params);
        c.close();
        NDList identity =
                downsample == null ? inputs : downsample.forward(ps, inputs, training, params);
        // In place, as torchvision's `out += identity`: batch norm's backward does not need its
        // output, so autograd allows it, and it saves one activation-sized buffer per block.
        NDArray sum = d.singletonOrThrow().addi(identity.singletonOrThrow());
        if (identity != inputs) {
            identity.close();
        }
        NDArray out = Activation.relu(sum);
        d.close();
        return new NDList(out);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] shapes = conv1.getOutputShapes(inputShapes);
        bn1.initialize(manager, dataType, shapes);
        conv2.initialize(manager, dataType, shapes);
        bn2.initialize(manager, dataType, conv2.getOutputShapes(shapes));
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
    }
}
