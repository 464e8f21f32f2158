package io.github.resnetcourse.kit.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * ResNet18 in torchvision's layout (11,689,512 parameters with 1000 classes): 7×7 stem, max-pool,
 * four stages of two {@link BasicBlock}s, global average pool, linear head.
 */
final class BenchResNet {

    private BenchResNet() {}

    /** Returns a fresh ResNet18 with {@code classes} outputs; the head is the child "fc". */
    static ClosingSequential resnet18(int classes) {
        ClosingSequential net =
                new ClosingSequential()
                        .add("conv1", Layers.conv(64, 7, 2, 3))
                        .add("bn1", Layers.batchNorm())
                        .add("relu", Activation.reluBlock())
                        .add(
                                "maxpool",
                                Pool.maxPool2dBlock(
                                        new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int[] widths = {64, 128, 256, 512};
        int in = 64;
        for (int stage = 0; stage < widths.length; stage++) {
            int stride = stage == 0 ? 1 : 2;
            net.add(
                    "layer" + (stage + 1),
                    new ClosingSequential()
                            .add("0", new BasicBlock(in, widths[stage], stride))
                            .add("1", new BasicBlock(widths[stage], widths[stage], 1)));
            in = widths[stage];
        }
        Block head = Linear.builder().setUnits(classes).build();
        return net.add("avgpool", Pool.globalAvgPool2dBlock())
                .add("flatten", Blocks.batchFlattenBlock())
                .add("fc", head);
    }
}
