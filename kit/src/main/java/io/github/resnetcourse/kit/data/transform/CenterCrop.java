package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code CenterCrop}: the offset is {@code round((h - size) / 2)} with Python's
 * round-half-to-even; an image smaller than the crop is padded with zeros, as torchvision does.
 */
public final class CenterCrop implements ImageTransform {
    private final int height;
    private final int width;

    /** A square crop. */
    public CenterCrop(int size) {
        this(size, size);
    }

    /** A {@code height × width} crop. */
    public CenterCrop(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("CenterCrop size must be positive");
        }
        this.height = height;
        this.width = width;
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        int h = image.height();
        int w = image.width();
        if (h == height && w == width) {
            return image;
        }
        int padTop = height > h ? (height - h) / 2 : 0;
        int padLeft = width > w ? (width - w) / 2 : 0;
        int ph = h + padTop + (height > h ? (height - h + 1) / 2 : 0);
        int pw = w + padLeft + (width > w ? (width - w + 1) / 2 : 0);
        int top = (int) Math.rint((ph - height) / 2.0) - padTop;
        int left = (int) Math.rint((pw - width) / 2.0) - padLeft;
        return Crops.crop(image, top, left, height, width);
    }

    @Override
    public String toString() {
        return "CenterCrop(" + height + ", " + width + ")";
    }
}
