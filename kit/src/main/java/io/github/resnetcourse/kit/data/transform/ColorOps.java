package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;

/**
 * torchvision's functional colour adjustments on float tensors ({@code adjust_brightness}, {@code
 * adjust_contrast}, {@code adjust_saturation}, {@code adjust_hue}, {@code rgb_to_grayscale}), with
 * the same formulas, blends and clamping.
 */
public final class ColorOps {
    private static final float R = 0.2989f;
    private static final float G = 0.587f;
    private static final float B = 0.114f;

    private ColorOps() {}

    /** {@code adjust_brightness}: blend with black, clamp to [0, 1]. */
    public static RgbImage brightness(RgbImage image, float factor) {
        float[] src = image.data();
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = clamp(factor * src[i]);
        }
        return new RgbImage(out, image.height(), image.width());
    }

    /** {@code adjust_contrast}: blend with the mean of the grayscale image. */
    public static RgbImage contrast(RgbImage image, float factor) {
        float[] src = image.data();
        int n = image.planeSize();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += R * src[i] + G * src[n + i] + B * src[2 * n + i];
        }
        float mean = (float) (sum / n);
        float[] out = new float[src.length];
        float rest = (1 - factor) * mean;
        for (int i = 0; i < src.length; i++) {
            out[i] = clamp(factor * src[i] + rest);
        }
        return new RgbImage(out, image.height(), image.width());
    }

    /** {@code adjust_saturation}: blend with the grayscale image. */
    public static RgbImage saturation(RgbImage image, float factor) {
        float[] src = image.data();
        int n = image.planeSize();
        float[] out = new float[src.length];
        for (int i = 0; i < n; i++) {
            float gray = (1 - factor) * (R * src[i] + G * src[n + i] + B * src[2 * n + i]);
            out[i] = clamp(factor * src[i] + gray);
            out[n + i] = clamp(factor * src[n + i] + gray);
            out[2 * n + i] = clamp(factor * src[2 * n + i] + gray);
        }
        return new RgbImage(out, image.height(), image.width());
    }

    /** {@code rgb_to_grayscale} with three equal output channels. */
    public static RgbImage grayscale(RgbImage image) {
        float[] src = image.data();
        int n = image.planeSize();
        float[] out = new float[src.length];
        for (int i = 0; i < n; i++) {
            float gray = R * src[i] + G * src[n + i] + B * src[2 * n + i];
            out[i] = gray;
            out[n + i] = gray;
            out[2 * n + i] = gray;
        }
        return new RgbImage(out, image.height(), image.width());
    }

    /**
     * {@code adjust_hue}: to HSV, shift the hue by {@code factor} (in [-0.5, 0.5]) modulo 1, back
     * to RGB — the same piecewise formulas as torchvision's {@code _rgb2hsv} and {@code _hsv2rgb}.
     */
    public static RgbImage hue(RgbImage image, float factor) {
        if (factor < -0.5f || factor > 0.5f) {
            throw new IllegalArgumentException("hue factor must be in [-0.5, 0.5], got " + factor);
        }
        float[] src = image.data();
        int n = image.planeSize();
        float[] out = new float[src.length];
        for (int i = 0; i < n; i++) {
            float r = src[i];
            float g = src[n + i];
            float b = src[2 * n + i];
            float maxc = Math.max(r, Math.max(g, b));
            float minc = Math.min(r, Math.min(g, b));
            boolean eqc = maxc == minc;
            float cr = maxc - minc;
            float s = cr / (eqc ? 1f : maxc);
            float div = eqc ? 1f : cr;
            float rc = (maxc - r) / div;
            float gc = (maxc - g) / div;
            float bc = (maxc - b) / div;
            float h;
            if (maxc == r) {
                h = bc - gc;
            } else if (maxc == g) {
                h = 2.0f + rc - bc;
            } else {
                h = 4.0f + gc - rc;
            }
            h = fmod(h / 6.0f + 1.0f);
            h = h + factor;
            h = h - (float) Math.floor(h);
            float v = maxc;
            float h6 = h * 6.0f;
            float fi = (float) Math.floor(h6);
            float f = h6 - fi;
            int sector = Math.floorMod((int) fi, 6);
            float p = clamp(v * (1.0f - s));
            float q = clamp(v * (1.0f - s * f));
            float t = clamp(v * (1.0f - s * (1.0f - f)));
            float ro;
            float go;
            float bo;
            switch (sector) {
                case 0 -> {
                    ro = v;
                    go = t;
                    bo = p;
                }
                case 1 -> {
                    ro = q;
                    go = v;
                    bo = p;
                }
                case 2 -> {
                    ro = p;
                    go = v;
                    bo = t;
                }
                case 3 -> {
                    ro = p;
                    go = q;
                    bo = v;
                }
                case 4 -> {
                    ro = t;
                    go = p;
                    bo = v;
                }
                default -> {
                    ro = v;
                    go = p;
                    bo = q;
                }
            }
            out[i] = ro;
            out[n + i] = go;
            out[2 * n + i] = bo;
        }
        return new RgbImage(out, image.height(), image.width());
    }

    private static float fmod(float x) {
        // torch.fmod(x, 1.0) for the non-negative values _rgb2hsv produces.
        return x - (float) Math.floor(x);
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
