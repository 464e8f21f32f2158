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
 * The basic block of He et al. 2015's CIFAR-10 networks (§4.2): two 3×3 conv + BN, with the
 * parameter-free option-A shortcut (sub-sample, zero-pad the new channels), the option-B projection
 * (1×1 conv + BN, named {@code downsample} as in torchvision) where the shape changes, or, for the
 * "plain" baselines, no shortcut at all.
 */
public final class CifarBlock extends ResidualBlock {
    private final Block conv1;
    private final Block bn1;
    private final Block conv2;
    private final Block bn2;
    private final int stride;
    private final int padChannels;
    private final Shortcuts shortcuts;
    private final NamedSequential downsample;

    /**
     * A block from {@code inChannels} to {@code outChannels}.
     *
     * @param shortcuts {@link Shortcuts#RESIDUAL} (option A) or {@link Shortcuts#PROJECTION}
     *     (option B) for ResNet-n, {@link Shortcuts#NONE} for plain-n
     */
    public CifarBlock(int inChannels, int outChannels, int stride, Shortcuts shortcuts) {
        this.stride = stride;
        this.padChannels = outChannels - inChannels;
        this.shortcuts = shortcuts;
        conv1 = addChildBlock("conv1", Layers.conv(outChannels, 3, stride, 1, false));
        bn1 = addChildBlock("bn1", Layers.batchNorm(Layers.TORCH_BN_EPS));
        conv2 = addChildBlock("conv2", Layers.conv(outChannels, 3, 1, 1, false));
        bn2 = addChildBlock("bn2", Layers.batchNorm(Layers.TORCH_BN_EPS));
        if (shortcuts == Shortcuts.PROJECTION && (stride != 1 || padChannels != 0)) {
            downsample =
                    addChildBlock(
                            "downsample",
                            new NamedSequential()
                                    .add("0", Layers.conv(outChannels, 1, stride, 0, false))
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
        return new Branches(residual, shortcut(store, x, training, params));
    }

    private NDArray shortcut(
            ParameterStore store, NDArray x, boolean training, PairList<String, Object> params) {
        if (shortcuts == Shortcuts.NONE) {
            return null;
        }
        if (downsample != null) {
            return downsample.forward(store, new NDList(x), training, params).singletonOrThrow();
        }
        return optionA(x);
    }

    private NDArray optionA(NDArray x) {
        if (stride == 1 && padChannels == 0) {
            return x;
        }
        NDArray sub = stride == 1 ? x : x.get(":, :, ::" + stride + ", ::" + stride);
        // Pad pairs run from the last axis backwards: (W), (H), (C) — half the new channels each
        // side.
        int before = padChannels / 2;
        NDArray padded = sub.pad(new Shape(0, 0, 0, 0, before, padChannels - before), 0);
        if (sub != x) {
            sub.close();
        }
        return padded;
    }

    @Override
    protected NDArray afterAdd(NDArray sum) {
        return InPlace.relu(sum);
    }

    @Override
    public ShortcutKind shortcutKind() {
        if (shortcuts == Shortcuts.NONE) {
            return ShortcutKind.NONE;
        }
        if (downsample != null) {
            return ShortcutKind.PROJECTION;
        }
        return stride == 1 && padChannels == 0 ? ShortcutKind.IDENTITY : ShortcutKind.ZERO_PAD;
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
