package io.github.resnetcourse.kit.engine;

import java.util.List;

/**
 * One convolution shape the course's models run: a square kernel over a square image.
 *
 * @param name what it stands for in the course's models
 * @param batch images per batch
 * @param inChannels input channels
 * @param outChannels output channels
 * @param size input height and width
 * @param kernel kernel height and width
 * @param stride stride in both directions
 * @param padding zero padding on each side
 */
record ConvolutionCase(
        String name,
        int batch,
        int inChannels,
        int outChannels,
        int size,
        int kernel,
        int stride,
        int padding) {

    /**
     * The shapes the self-check runs: each kind of convolution in ResNet18/50/152, ResNet50V2 and
     * AlexNet (7×7 stride 2, 3×3 stride 1 and 2, 1×1 stride 1 and 2), at the 224 px and 32 px sizes
     * and the batch sizes the lessons use, plus batch 1 (prediction). The faults seen on one CPU
     * depend on the shape — a 1×1 stride-2 convolution was wrong at batch 2 but right at batch 1
     * below 160 px — so the list spans sizes rather than sampling one.
     */
    static List<ConvolutionCase> courseShapes() {
        return List.of(
                new ConvolutionCase("stem 7x7/2, 112 px", 2, 3, 64, 112, 7, 2, 3),
                new ConvolutionCase("stem 7x7/2, 32 px", 8, 3, 64, 32, 7, 2, 3),
                new ConvolutionCase("3x3/1, 56 px", 1, 64, 64, 56, 3, 1, 1),
                new ConvolutionCase("3x3/1, 32 px (CIFAR)", 8, 3, 64, 32, 3, 1, 1),
                new ConvolutionCase("3x3/2, 28 px", 2, 128, 256, 28, 3, 2, 1),
                new ConvolutionCase("3x3/1, 4 px", 8, 256, 256, 4, 3, 1, 1),
                new ConvolutionCase("1x1/1 reduce, 56 px", 2, 256, 64, 56, 1, 1, 0),
                new ConvolutionCase("1x1/1 expand, 56 px", 2, 64, 256, 56, 1, 1, 0),
                new ConvolutionCase("1x1/1 reduce, 56 px, batch 1", 1, 256, 64, 56, 1, 1, 0),
                new ConvolutionCase("1x1/1, 7 px", 2, 2048, 512, 7, 1, 1, 0),
                new ConvolutionCase("1x1/1, 8 px (CIFAR)", 8, 512, 128, 8, 1, 1, 0),
                new ConvolutionCase("1x1/2 shortcut, 56 px", 1, 256, 512, 56, 1, 2, 0),
                new ConvolutionCase("1x1/2 shortcut, 14 px", 2, 256, 512, 14, 1, 2, 0),
                new ConvolutionCase("1x1/2 shortcut, 14 px, batch 1", 1, 256, 512, 14, 1, 2, 0),
                new ConvolutionCase("1x1/2 shortcut, 28 px, batch 8", 8, 128, 256, 28, 1, 2, 0),
                new ConvolutionCase("1x1/2 shortcut, 4 px (CIFAR)", 8, 256, 512, 4, 1, 2, 0),
                new ConvolutionCase("1x1/2 shortcut, 8 px (CIFAR)", 8, 128, 256, 8, 1, 2, 0));
    }
}
