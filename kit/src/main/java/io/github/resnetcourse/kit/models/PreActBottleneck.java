package io.github.resnetcourse.kit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Keras' pre-activation bottleneck ({@code block2} in {@code resnet_v2.py}, He et al. 2016): {@code
 * preact = relu(preact_bn(x))}; {@code F = 3_conv(relu(2_bn(2_conv(relu(1_bn(1_conv(preact)))))))};
 * the shortcut is {@code 0_conv(preact)} in a stage's first block, {@code x} sub-sampled by a 1×1
 * max-pool in a stage's last block when it carries the stride, else {@code x}; nothing follows the
 * addition, which keeps the identity path clean. Children are named after the Keras layers without
 * the {@code convN_blockM_} prefix, which comes from the parents.
 */
public final class PreActBottleneck extends ResidualBlock {
    private final Block preactBn;
    private final Block conv0;
    private final Block conv1;
    private final Block bn1;
    private final Block conv2;
    private final Block bn2;
    private final Block conv3;
    private final int stride;

    /**
     * One block with {@code filters} bottleneck channels and {@code 4 * filters} outputs.
     *
     * @param convShortcut whether the shortcut is a 1×1 projection (a stage's first block)
     * @param stride 2 in the last block of stages conv2–conv4, else 1
     */
    public PreActBottleneck(int filters, boolean convShortcut, int stride) {
        this.stride = stride;
        preactBn = addChildBlock("preact_bn", Layers.batchNorm(Layers.KERAS_BN_EPS));
        conv0 =
                convShortcut
                        ? addChildBlock("0_conv", Layers.conv(4 * filters, 1, stride, 0, true))
                        : null;
        conv1 = addChildBlock("1_conv", Layers.conv(filters, 1, 1, 0, false));
        bn1 = addChildBlock("1_bn", Layers.batchNorm(Layers.KERAS_BN_EPS));
        // Keras pads (1, 1) then runs a 'valid' conv: the same as padding 1 here.
        conv2 = addChildBlock("2_conv", Layers.conv(filters, 3, stride, 1, false));
        bn2 = addChildBlock("2_bn", Layers.batchNorm(Layers.KERAS_BN_EPS));
        conv3 = addChildBlock("3_conv", Layers.conv(4 * filters, 1, 1, 0, true));
    }

    @Override
    protected Branches branches(
            ParameterStore store, NDArray x, boolean training, PairList<String, Object> params) {
        NDArray preact = new Flow(store, x, training, params).then(preactBn).relu().result();
        NDArray shortcut;
        if (conv0 != null) {
            shortcut =
                    conv0.forward(store, new NDList(preact), training, params).singletonOrThrow();
        } else if (stride > 1) {
            shortcut = x.get(":, :, ::" + stride + ", ::" + stride);
        } else {
            shortcut = x;
        }
        NDArray residual =
                new Flow(store, preact, training, params)
                        .then(conv1)
                        .then(bn1)
                        .relu()
                        .then(conv2)
                        .then(bn2)
                        .relu()
                        .then(conv3)
                        .result();
        preact.close();
        return new Branches(residual, shortcut);
    }

    @Override
    protected NDArray afterAdd(NDArray sum) {
        return sum;
    }

    @Override
    public ShortcutKind shortcutKind() {
        if (conv0 != null) {
            return ShortcutKind.PROJECTION;
        }
        return stride > 1 ? ShortcutKind.SUBSAMPLE : ShortcutKind.IDENTITY;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return Layers.chainShapes(inputShapes, conv1, bn1, conv2, bn2, conv3);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        preactBn.initialize(manager, dataType, shapes);
        if (conv0 != null) {
            conv0.initialize(manager, dataType, shapes);
        }
        Layers.initChain(manager, dataType, shapes, conv1, bn1, conv2, bn2, conv3);
    }
}
