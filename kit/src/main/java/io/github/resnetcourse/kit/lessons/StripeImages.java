package io.github.resnetcourse.kit.lessons;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws small colour images of stripes (sinusoidal gratings) and plaids (several gratings
 * averaged). Orientation is the only thing that carries a class; frequency, phase, colours and
 * noise are drawn at random for every image, so a network must learn orientation detectors — the
 * kind of edge features the first layers of an ImageNet model learn.
 */
final class StripeImages {
    /** Channels of every image (RGB, like CIFAR-10). */
    static final int CHANNELS = 3;

    /** Per-image standard deviation of the orientation, in radians (about 3 degrees). */
    private static final double ORIENTATION_JITTER = Math.toRadians(3);

    /** Stripe frequencies in cycles per pixel: periods of 3 to 6 pixels. */
    private static final double MIN_FREQUENCY = 1.0 / 6;

    private static final double MAX_FREQUENCY = 1.0 / 3;

    private final int size;
    private final double noise;

    StripeImages(int size, double noise) {
        if (size < 8) {
            throw new IllegalArgumentException(
                    "image size " + size + " is too small for stripes; use 8 pixels or more");
        }
        if (noise < 0) {
            throw new IllegalArgumentException("noise " + noise + " must be 0 or more");
        }
        this.size = size;
        this.noise = noise;
    }

    /** Side length in pixels. */
    int size() {
        return size;
    }

    /** Values per image (channels x size x size). */
    int length() {
        return CHANNELS * size * size;
    }

    /**
     * Writes one image into {@code out} at {@code offset}, CHW order, values roughly in [0, 1].
     *
     * @param orientations the gratings to overlay, in radians (one: stripes, two: a plaid)
     */
    void draw(List<Double> orientations, SplittableRandom random, float[] out, int offset) {
        double[] pattern = new double[size * size];
        for (double base : orientations) {
            double theta = base + random.nextGaussian() * ORIENTATION_JITTER;
            double frequency =
                    MIN_FREQUENCY + random.nextDouble() * (MAX_FREQUENCY - MIN_FREQUENCY);
            double phase = random.nextDouble() * 2 * Math.PI;
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double along = x * cos + y * sin;
                    pattern[y * size + x] +=
                            0.5 + 0.5 * Math.sin(2 * Math.PI * frequency * along + phase);
                }
            }
        }
        int n = orientations.size();
        for (int c = 0; c < CHANNELS; c++) {
            // Random stripe and background colours per channel: colour is a nuisance, not a label.
            double background = random.nextDouble();
            double foreground = random.nextDouble();
            int channelStart = offset + c * size * size;
            for (int i = 0; i < size * size; i++) {
                double v =
                        background
                                + (foreground - background) * pattern[i] / n
                                + random.nextGaussian() * noise;
                out[channelStart + i] = (float) v;
            }
        }
    }
}
