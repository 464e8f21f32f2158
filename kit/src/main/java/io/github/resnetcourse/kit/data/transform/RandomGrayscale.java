package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;
import java.util.random.RandomGenerator;

/** torchvision's {@code RandomGrayscale(p)}: three equal channels with probability {@code p}. */
public final class RandomGrayscale implements ImageTransform {
    private final double p;

    /** Converts to grayscale with probability {@code p}. */
    public RandomGrayscale(double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("RandomGrayscale p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        return rng.nextDouble() < p ? ColorOps.grayscale(image) : image;
    }

    @Override
    public String toString() {
        return "RandomGrayscale(p=" + p + ")";
    }
}
