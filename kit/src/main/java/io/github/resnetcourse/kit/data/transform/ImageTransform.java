package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;
import java.util.random.RandomGenerator;

/**
 * One step of an augmentation pipeline, with the semantics of the torchvision transform of the same
 * name applied to a float tensor. Random steps draw only from {@code rng}, so a pipeline fed the
 * same generator state produces the same image.
 */
@FunctionalInterface
public interface ImageTransform {
    /** Returns the transformed image; {@code image} itself is never modified. */
    RgbImage apply(RgbImage image, RandomGenerator rng);
}
