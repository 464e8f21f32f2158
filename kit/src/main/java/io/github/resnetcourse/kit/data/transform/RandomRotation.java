package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomRotation(degrees)}: an angle uniform in {@code [-degrees, degrees]},
 * counter-clockwise about the centre, nearest-neighbour sampling, same size, corners filled with 0.
 * The sampling follows torchvision's affine grid ({@code grid_sample}, {@code
 * align_corners=False}).
 */
public final class RandomRotation implements ImageTransform {
    private final double degrees;

    /** Rotates by an angle drawn from {@code [-degrees, degrees]}. */
    public RandomRotation(double degrees) {
        if (degrees < 0) {
            throw new IllegalArgumentException(
                    "RandomRotation degrees must be >= 0, got " + degrees);
        }
        this.degrees = degrees;
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        double angle = -degrees + 2 * degrees * rng.nextDouble();
        return rotate(image, angle);
    }

    /** Rotates by exactly {@code angle} degrees counter-clockwise. */
    public static RgbImage rotate(RgbImage image, double angle) {
        int h = image.height();
        int w = image.width();
        // The inverse map torchvision builds: output centred coordinates -> input coordinates.
        double rot = Math.toRadians(-angle);
        float m0 = (float) Math.cos(rot);
        float m1 = (float) Math.sin(rot);
        float m3 = (float) -Math.sin(rot);
        float m4 = (float) Math.cos(rot);
        float[] src = image.data();
        float[] out = new float[src.length];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            float by = -h * 0.5f + 0.5f + y;
            for (int x = 0; x < w; x++) {
                float bx = -w * 0.5f + 0.5f + x;
                float sx = m0 * bx + m1 * by + w * 0.5f - 0.5f;
                float sy = m3 * bx + m4 * by + h * 0.5f - 0.5f;
                int ix = (int) Math.rint(sx);
                int iy = (int) Math.rint(sy);
                if (ix < 0 || iy < 0 || ix >= w || iy >= h) {
                    continue;
                }
                int s = iy * w + ix;
                int o = y * w + x;
                out[o] = src[s];
                out[plane + o] = src[plane + s];
                out[2 * plane + o] = src[2 * plane + s];
            }
        }
        return new RgbImage(out, h, w);
    }

    @Override
    public String toString() {
        return "RandomRotation(" + degrees + ")";
    }
}
