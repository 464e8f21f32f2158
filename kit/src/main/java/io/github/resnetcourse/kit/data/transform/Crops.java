package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;

/** Cropping and zero padding shared by the crop transforms. */
final class Crops {
    private Crops() {}

    /** The window at ({@code top}, {@code left}); parts outside the image are 0, like padding. */
    static RgbImage crop(RgbImage image, int top, int left, int height, int width) {
        int h = image.height();
        int w = image.width();
        float[] src = image.data();
        float[] out = new float[3 * height * width];
        int x0 = Math.max(0, -left);
        int x1 = Math.min(width, w - left);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                int sy = top + y;
                if (sy < 0 || sy >= h || x1 <= x0) {
                    continue;
                }
                System.arraycopy(
                        src,
                        (c * h + sy) * w + left + x0,
                        out,
                        (c * height + y) * width + x0,
                        x1 - x0);
            }
        }
        return new RgbImage(out, height, width);
    }
}
