package io.github.resnetcourse.kit.data.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.resnetcourse.kit.data.RgbImage;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code Normalize(mean, std)}: {@code (x - mean[c]) / std[c]} per channel, and its
 * inverse for display ({@link #denormalize}).
 */
public final class Normalize implements ImageTransform {
    /** ImageNet statistics, used with every ImageNet-pretrained backbone. */
    public static final Normalize IMAGENET =
            new Normalize(
                    new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /**
     * What Keras' {@code resnet_v2.preprocess_input} (mode {@code "tf"}) does to bytes: {@code x /
     * 127.5 - 1}, which on ToTensor's [0, 1] scale is {@code (x - 0.5) / 0.5}; every pixel lands in
     * [−1, 1]. Keras' ResNet50V2 ImageNet weights were trained on inputs scaled this way.
     */
    public static final Normalize KERAS_TF =
            new Normalize(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

    /** The CIFAR-10 statistics lesson 02's seed uses. */
    public static final Normalize CIFAR10 =
            new Normalize(
                    new float[] {0.4914f, 0.4822f, 0.4465f},
                    new float[] {0.2023f, 0.1994f, 0.2010f});

    private final float[] mean;
    private final float[] std;

    /** Per-channel mean and standard deviation (three values each, std non-zero). */
    public Normalize(float[] mean, float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("Normalize needs three means and three stds");
        }
        for (float s : std) {
            if (s == 0) {
                throw new IllegalArgumentException(
                        "Normalize std must be non-zero: " + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        float[] src = image.data();
        int n = image.planeSize();
        float[] out = new float[src.length];
        for (int c = 0; c < 3; c++) {
            float m = mean[c];
            float s = std[c];
            for (int i = c * n; i < (c + 1) * n; i++) {
                out[i] = (src[i] - m) / s;
            }
        }
        return new RgbImage(out, image.height(), image.width());
    }

    /** The inverse: {@code x * std + mean}, clipped to [0, 1] for display. */
    public RgbImage denormalize(RgbImage image) {
        float[] src = image.data();
        int n = image.planeSize();
        float[] out = new float[src.length];
        for (int c = 0; c < 3; c++) {
            for (int i = c * n; i < (c + 1) * n; i++) {
                out[i] = Math.min(1f, Math.max(0f, src[i] * std[c] + mean[c]));
            }
        }
        return new RgbImage(out, image.height(), image.width());
    }

    /**
     * The inverse on a tensor of shape {@code (3, H, W)} or {@code (N, 3, H, W)}, clipped to [0,
     * 1]; the result belongs to {@code images}' manager.
     */
    public NDArray denormalize(NDArray images) {
        Shape shape = images.getShape();
        long[] dims = shape.dimension() == 4 ? new long[] {1, 3, 1, 1} : new long[] {3, 1, 1};
        NDManager m = images.getManager();
        try (NDArray s = m.create(std).reshape(dims);
                NDArray mu = m.create(mean).reshape(dims)) {
            try (NDArray scaled = images.mul(s).addi(mu)) {
                return scaled.clip(0f, 1f);
            }
        }
    }

    /** The means. */
    public float[] mean() {
        return mean.clone();
    }

    /** The standard deviations. */
    public float[] std() {
        return std.clone();
    }

    @Override
    public String toString() {
        return "Normalize(" + Arrays.toString(mean) + ", " + Arrays.toString(std) + ")";
    }
}
