package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;
import java.util.random.RandomGenerator;

/** torchvision's {@code RandomHorizontalFlip(p)} and {@code RandomVerticalFlip(p)}. */
public final class RandomFlip implements ImageTransform {
    /** Which axis a flip mirrors. */
    public enum Axis {
        /** Left ↔ right. */
        HORIZONTAL,
        /** Top ↔ bottom. */
        VERTICAL
    }

    private final Axis axis;
    private final double p;

    /** Flips along {@code axis} with probability {@code p}. */
    public RandomFlip(Axis axis, double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("Flip probability must be in [0, 1], got " + p);
        }
        this.axis = axis;
        this.p = p;
    }

    /** {@code RandomHorizontalFlip(p)}. */
    public static RandomFlip horizontal(double p) {
        return new RandomFlip(Axis.HORIZONTAL, p);
    }

    /** {@code RandomVerticalFlip(p)}. */
    public static RandomFlip vertical(double p) {
        return new RandomFlip(Axis.VERTICAL, p);
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        return rng.nextDouble() < p ? flip(image, axis) : image;
    }

    /** The mirrored image (always). */
    public static RgbImage flip(RgbImage image, Axis axis) {
        int h = image.height();
        int w = image.width();
        float[] src = image.data();
        float[] out = new float[src.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int sy = axis == Axis.VERTICAL ? h - 1 - y : y;
                int srow = (c * h + sy) * w;
                int orow = (c * h + y) * w;
                if (axis == Axis.VERTICAL) {
                    System.arraycopy(src, srow, out, orow, w);
                } else {
                    for (int x = 0; x < w; x++) {
                        out[orow + x] = src[srow + w - 1 - x];
                    }
                }
            }
        }
        return new RgbImage(out, h, w);
    }

    @Override
    public String toString() {
        return (axis == Axis.HORIZONTAL ? "RandomHorizontalFlip" : "RandomVerticalFlip")
                + "(p="
                + p
                + ")";
    }
}
