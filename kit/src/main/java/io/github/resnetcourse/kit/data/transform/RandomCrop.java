package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomCrop(size, padding)}: pads every side with {@code padding} zeros, then
 * takes a window at a uniform offset in {@code [0, paddedSize - size]} (both ends included).
 */
public final class RandomCrop implements ImageTransform {
    private final int size;
    private final int padding;

    /** A square crop of {@code size} after zero padding of {@code padding} on each side. */
    public RandomCrop(int size, int padding) {
        if (size < 1 || padding < 0) {
            throw new IllegalArgumentException(
                    "RandomCrop(" + size + ", padding=" + padding + ") is invalid");
        }
        this.size = size;
        this.padding = padding;
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        int ph = image.height() + 2 * padding;
        int pw = image.width() + 2 * padding;
        if (ph < size || pw < size) {
            throw new IllegalArgumentException(
                    "RandomCrop(" + size + ") needs an image of at least that size, got " + image);
        }
        int top = rng.nextInt(ph - size + 1);
        int left = rng.nextInt(pw - size + 1);
        return at(image, top, left);
    }

    /** The crop at a fixed offset into the padded image (what a draw of the offset yields). */
    public RgbImage at(RgbImage image, int top, int left) {
        return Crops.crop(image, top - padding, left - padding, size, size);
    }

    @Override
    public String toString() {
        return "RandomCrop(" + size + ", padding=" + padding + ")";
    }
}
