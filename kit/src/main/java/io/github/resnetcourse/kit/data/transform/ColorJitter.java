package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code ColorJitter(brightness, contrast, saturation, hue)}: factors drawn uniformly
 * from {@code [max(0, 1 - x), 1 + x]} (hue from {@code [-h, h]}), applied in a random order; a
 * parameter of 0 leaves that property alone.
 */
public final class ColorJitter implements ImageTransform {
    private final float brightness;
    private final float contrast;
    private final float saturation;
    private final float hue;

    /** Jitter amounts as in torchvision (hue at most 0.5). */
    public ColorJitter(double brightness, double contrast, double saturation, double hue) {
        if (brightness < 0 || contrast < 0 || saturation < 0 || hue < 0 || hue > 0.5) {
            throw new IllegalArgumentException(
                    "ColorJitter needs non-negative amounts and hue <= 0.5, got "
                            + brightness
                            + ", "
                            + contrast
                            + ", "
                            + saturation
                            + ", "
                            + hue);
        }
        this.brightness = (float) brightness;
        this.contrast = (float) contrast;
        this.saturation = (float) saturation;
        this.hue = (float) hue;
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float b = factor(brightness, rng);
        float c = factor(contrast, rng);
        float s = factor(saturation, rng);
        float h = hue > 0 ? (float) (-hue + 2 * hue * rng.nextDouble()) : 0f;
        return apply(image, order, b, c, s, h);
    }

    /**
     * Applies fixed factors in {@code order} (0 brightness, 1 contrast, 2 saturation, 3 hue),
     * skipping properties whose jitter amount is 0 — what one random draw does.
     */
    public RgbImage apply(RgbImage image, int[] order, float b, float c, float s, float h) {
        RgbImage out = image;
        for (int op : order) {
            switch (op) {
                case 0 -> out = brightness > 0 ? ColorOps.brightness(out, b) : out;
                case 1 -> out = contrast > 0 ? ColorOps.contrast(out, c) : out;
                case 2 -> out = saturation > 0 ? ColorOps.saturation(out, s) : out;
                case 3 -> out = hue > 0 ? ColorOps.hue(out, h) : out;
                default -> throw new IllegalArgumentException("No colour operation " + op);
            }
        }
        return out;
    }

    private static float factor(float amount, RandomGenerator rng) {
        if (amount <= 0) {
            return 1f;
        }
        double lo = Math.max(0, 1 - amount);
        return (float) (lo + (1 + amount - lo) * rng.nextDouble());
    }

    @Override
    public String toString() {
        return "ColorJitter(" + brightness + ", " + contrast + ", " + saturation + ", " + hue + ")";
    }
}
