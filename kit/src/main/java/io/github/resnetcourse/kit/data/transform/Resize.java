package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code Resize}: bilinear with anti-aliasing (the filter widens when shrinking, as
 * PIL and {@code antialias=True} do), either the shorter side to {@code size} keeping the aspect
 * ratio (the longer side truncated like torchvision's {@code int(size * long / short)}) or to a
 * fixed height × width.
 */
public final class Resize implements ImageTransform {
    private final int size;
    private final int height;
    private final int width;

    private Resize(int size, int height, int width) {
        this.size = size;
        this.height = height;
        this.width = width;
    }

    /** Shorter side to {@code size}, like {@code Resize(size)}. */
    public static Resize shorterSide(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Resize size must be positive, got " + size);
        }
        return new Resize(size, -1, -1);
    }

    /** Exactly {@code height × width}, like {@code Resize((h, w))}. */
    public static Resize to(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("Resize to " + height + "x" + width + " is empty");
        }
        return new Resize(-1, height, width);
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        int h = image.height();
        int w = image.width();
        int oh = height;
        int ow = width;
        if (size > 0) {
            if (h <= w) {
                oh = size;
                ow = (int) ((long) size * w / h);
            } else {
                ow = size;
                oh = (int) ((long) size * h / w);
            }
        }
        if (oh == h && ow == w) {
            return image;
        }
        return resample(image, oh, ow);
    }

    static RgbImage resample(RgbImage image, int oh, int ow) {
        int h = image.height();
        int w = image.width();
        Filter fx = Filter.of(w, ow);
        Filter fy = Filter.of(h, oh);
        float[] src = image.data();
        float[] tmp = new float[3 * h * ow];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int row = (c * h + y) * w;
                int outRow = (c * h + y) * ow;
                for (int x = 0; x < ow; x++) {
                    int start = fx.start[x];
                    float[] wts = fx.weights[x];
                    float acc = 0;
                    for (int k = 0; k < wts.length; k++) {
                        acc += src[row + start + k] * wts[k];
                    }
                    tmp[outRow + x] = acc;
                }
            }
        }
        float[] out = new float[3 * oh * ow];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < oh; y++) {
                int start = fy.start[y];
                float[] wts = fy.weights[y];
                int outRow = (c * oh + y) * ow;
                for (int k = 0; k < wts.length; k++) {
                    int inRow = (c * h + start + k) * ow;
                    float wk = wts[k];
                    for (int x = 0; x < ow; x++) {
                        out[outRow + x] += tmp[inRow + x] * wk;
                    }
                }
            }
        }
        return new RgbImage(out, oh, ow);
    }

    /** Per output index: the first input index and the normalised triangle-filter weights. */
    private static final class Filter {
        final int[] start;
        final float[][] weights;

        private Filter(int n) {
            start = new int[n];
            weights = new float[n][];
        }

        static Filter of(int in, int out) {
            Filter f = new Filter(out);
            double scale = (double) in / out;
            double support = scale >= 1 ? scale : 1.0;
            double invScale = scale >= 1 ? 1.0 / scale : 1.0;
            for (int i = 0; i < out; i++) {
                double center = scale * (i + 0.5);
                int min = Math.max((int) (center - support + 0.5), 0);
                int max = Math.min((int) (center + support + 0.5), in);
                float[] w = new float[max - min];
                double total = 0;
                for (int j = 0; j < w.length; j++) {
                    double t = Math.abs((j + min - center + 0.5) * invScale);
                    w[j] = (float) (t < 1 ? 1 - t : 0);
                    total += w[j];
                }
                for (int j = 0; j < w.length; j++) {
                    w[j] = (float) (total != 0 ? w[j] / total : 0);
                }
                f.start[i] = min;
                f.weights[i] = w;
            }
            return f;
        }
    }

    @Override
    public String toString() {
        return size > 0 ? "Resize(" + size + ")" : "Resize((" + height + ", " + width + "))";
    }
}
