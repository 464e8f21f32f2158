package io.github.resnetcourse.kit.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** The two layer kinds ResNet18 repeats, configured as torchvision configures them. */
final class Layers {

    private Layers() {}

    /** A square, bias-free convolution, as in every torchvision ResNet conv. */
    static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
    }

    /** Batch norm with PyTorch's eps 1e-5 and momentum 0.1 (DJL counts momentum the other way). */
    static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }
}
