package io.github.resnetcourse.kit.lessons;

import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.transform.ImageTransform;
import io.github.resnetcourse.kit.plot.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The same few raw images through several transforms, one row per transform, with the share of each
 * result that is pure black (pixels the transform filled rather than took from the image): lesson
 * 07's "does rotating before or after the crop leave black corners?". Transforms here should not
 * normalise, so that black stays exactly 0.
 *
 * @param names the transforms' names, in row order
 * @param blackFraction per transform, the mean share of pixels that are 0 in all three channels
 */
public record TransformPreview(List<String> names, double[] blackFraction) {

    /**
     * Draws {@code count} images of {@code raw} (untransformed, {@link ImageDataset#image}) with
     * {@code seed}, applies each transform to each, shows the grid and returns the black shares.
     */
    public static TransformPreview show(
            ImageDataset raw, Map<String, ImageTransform> transforms, int count, long seed)
            throws IOException {
        if (count < 1 || count > raw.size() || transforms.isEmpty()) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "Need at least one transform and 1..%d images, got %d transforms and %d"
                                    + " images.",
                            raw.size(),
                            transforms.size(),
                            count));
        }
        int[] indices = GridImages.sample((int) raw.size(), count, seed);
        List<BufferedImage> pictures = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        Map<String, Double> black = new LinkedHashMap<>();
        for (Map.Entry<String, ImageTransform> t : transforms.entrySet()) {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                RgbImage out =
                        t.getValue().apply(raw.image(indices[i]), new SplittableRandom(seed + i));
                double share = blackShare(out);
                sum += share;
                pictures.add(toPicture(out));
                titles.add(String.format(Locale.ROOT, "%s: %.1f%% black", t.getKey(), 100 * share));
            }
            black.put(t.getKey(), sum / count);
        }
        ImageGrid.builder().setImages(pictures).optTitles(titles).optColumns(count).build().show();
        double[] shares = black.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new TransformPreview(List.copyOf(black.keySet()), shares);
    }

    /** The share of pixels that are exactly 0 in every channel. */
    static double blackShare(RgbImage image) {
        float[] d = image.data();
        int plane = image.planeSize();
        int black = 0;
        for (int p = 0; p < plane; p++) {
            if (d[p] == 0f && d[plane + p] == 0f && d[2 * plane + p] == 0f) {
                black++;
            }
        }
        return (double) black / plane;
    }

    static BufferedImage toPicture(RgbImage image) {
        int h = image.height();
        int w = image.width();
        int plane = image.planeSize();
        float[] d = image.data();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int r = channel(d[p]);
                int g = channel(d[plane + p]);
                int b = channel(d[2 * plane + p]);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    private static int channel(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("black pixels:");
        for (int i = 0; i < names.size(); i++) {
            s.append(
                    String.format(
                            Locale.ROOT, " %s %.1f%%;", names.get(i), 100 * blackFraction[i]));
        }
        return s.substring(0, s.length() - 1);
    }
}
