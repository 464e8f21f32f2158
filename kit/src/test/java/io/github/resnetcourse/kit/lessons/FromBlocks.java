package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * Lesson 06's network built from DJL layers exactly as the notebook's cells build it (keep the two
 * in step): the basic block, the bottleneck (v1.5: stride on the 3×3), the make-layer with its
 * down-sampling shortcut, and the whole ResNet.
 */
final class FromBlocks {
    private FromBlocks() {}

    static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    static Block bn() {
        return BatchNorm.builder().build();
    }

    static Block residual(Block body, Block shortcut) {
        return new SequentialBlock()
                .add(
                        new ParallelBlock(
                                outs -> new NDList(outs.get(0).head().add(outs.get(1).head())),
                                List.of(body, shortcut)))
                .add(Activation::relu);
    }

    static Block shortcut(int filters, int stride, boolean project) {
        return project
                ? new SequentialBlock().add(conv(filters, 1, stride)).add(bn())
                : Blocks.identityBlock();
    }

    static Block basicBlock(int filters, int stride, boolean project) {
        Block body =
                new SequentialBlock()
                        .add(conv(filters, 3, stride))
                        .add(bn())
                        .add(Activation::relu)
                        .add(conv(filters, 3, 1))
                        .add(bn());
        return residual(body, shortcut(filters, stride, project));
    }

    static Block bottleneck(int width, int stride, boolean project) {
        Block body =
                new SequentialBlock()
                        .add(conv(width, 1, 1))
                        .add(bn())
                        .add(Activation::relu)
                        .add(conv(width, 3, stride)) // v1.5: the stride sits on the 3×3
                        .add(bn())
                        .add(Activation::relu)
                        .add(conv(4 * width, 1, 1))
                        .add(bn());
        return residual(body, shortcut(4 * width, stride, project));
    }

    /** {@code blocks} blocks; the first changes width and/or stride and so projects its input. */
    static Block makeLayer(boolean bottleneck, int inChannels, int width, int blocks, int stride) {
        int out = bottleneck ? 4 * width : width;
        SequentialBlock layer = new SequentialBlock();
        for (int i = 0; i < blocks; i++) {
            int s = i == 0 ? stride : 1;
            boolean project = i == 0 && (stride != 1 || inChannels != out);
            layer.add(bottleneck ? bottleneck(width, s, project) : basicBlock(width, s, project));
        }
        return layer;
    }

    static SequentialBlock resnet(boolean bottleneck, int[] blocks, int classes) {
        SequentialBlock net =
                new SequentialBlock()
                        .add(conv(64, 7, 2))
                        .add(bn())
                        .add(Activation::relu)
                        .add(
                                Pool.maxPool2dBlock(
                                        new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int i = 0; i < 4; i++) {
            net.add(makeLayer(bottleneck, in, widths[i], blocks[i], i == 0 ? 1 : 2));
            in = bottleneck ? 4 * widths[i] : widths[i];
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
