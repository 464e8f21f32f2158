package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.resnetcourse.kit.engine.InPlace;

/**
 * torchvision's {@code BasicBlock} (ResNet-18/34): {@code F(x) = bn2(conv2(relu(bn1(conv1(x)))))}
 * with 3×3 convolutions, the stride on {@code conv1}, and a {@code downsample} projection (1×1 conv
 * + BN, option B) where the shape changes. Children are named as torchvision's attributes.
 */
public final class BasicBlock extends ResidualBlock {
    /** Output channels per input channel of {@code planes}: 1 for the basic block. */
    public static final int EXPANSION = 1;

    private final Block conv1;
    private final Block bn1;
    private final Block conv2;
    private final Block bn2;
    private final NamedSequential downsample;

    /**
     * A block from {@code inChannels} to {@code planes} channels.
     *
     * @param stride 2 in the first block of layers 2–4, else 1
     */
    public BasicBlock(int inChannels, int planes, int stride) {
        conv1 = addChildBlock("conv1", Layers.conv(planes, 3, stride, 1, false));
        bn1 = addChildBlock("bn1", Layers.batchNorm(Layers.TORCH_BN_EPS));
        conv2 = addChildBlock("conv2", Layers.conv(planes, 3, 1, 1, false));
        bn2 = addChildBlock("bn2", Layers.batchNorm(Layers.TORCH_BN_EPS));
        if (stride != 1 || inChannels != planes * EXPANSION) {
            downsample =
                    addChildBlock(
                            "downsample",
                            new NamedSequential()
                                    .add("0", Layers.conv(planes * EXPANSION, 1, stride, 0, false))
                                    .add("1", Layers.batchNorm(Layers.TORCH_BN_EPS)));
        } else {
            downsample = null;
        }
    }

    @Override
    protected Branches branches(
            ParameterStore store, NDArray x, boolean training, PairList<String, Object> params) {
        NDArray residual =
                new Flow(store, x, training, params)
                        .then(conv1)
                        .then(bn1)
                        .relu()
                        .then(conv2)
                        .then(bn2)
                        .result();
        NDArray shortcut =
                downsample == null
                        ? x
                        : downsample
                                .forward(store, new NDList(x), training, params)
                                .singletonOrThrow();
        return new Branches(residual, shortcut);
    }

    @Override
    protected NDArray afterAdd(NDArray sum) {
        return InPlace.relu(sum);
    }

    @Override
    public ShortcutKind shortcutKind() {
        return downsample == null ? ShortcutKind.IDENTITY : ShortcutKind.PROJECTION;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return Layers.chainShapes(inputShapes, conv1, bn1, conv2, bn2);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Layers.initChain(manager, dataType, shapes, conv1, bn1, conv2, bn2);
        if (downsample != null) {
            downsample.initialize(manager, dataType, shapes);
        }
    }
}
