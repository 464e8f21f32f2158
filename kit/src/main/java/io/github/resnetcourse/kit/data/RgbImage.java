package io.github.resnetcourse.kit.data;

import java.util.Objects;

/**
 * An RGB image as torchvision's tensor path sees it: three float planes (channel, row, column) with
 * values in [0, 1] after decoding, and any values after normalisation. Transforms return new
 * images; pixel arrays are shared only when nothing changes.
 */
public final class RgbImage {
    private final float[] chw;
    private final int height;
    private final int width;

    /**
     * Wraps {@code chw} (length {@code 3 * height * width}), without copying.
     *
     * @throws IllegalArgumentException when the length does not fit the size
     */
    public RgbImage(float[] chw, int height, int width) {
        this.chw = Objects.requireNonNull(chw, "chw");
        if (height < 1 || width < 1 || chw.length != 3 * height * width) {
            throw new IllegalArgumentException(
                    "An RGB image of "
                            + height
                            + "x"
                            + width
                            + " needs "
                            + 3 * height * width
                            + " values, got "
                            + chw.length);
        }
        this.height = height;
        this.width = width;
    }

    /** A black image. */
    public static RgbImage black(int height, int width) {
        return new RgbImage(new float[3 * height * width], height, width);
    }

    /** Rows. */
    public int height() {
        return height;
    }

    /** Columns. */
    public int width() {
        return width;
    }

    /** The planes, channel-major (R plane, G plane, B plane); not a copy. */
    public float[] data() {
        return chw;
    }

    /** The value of channel {@code c} at row {@code y}, column {@code x}. */
    public float get(int c, int y, int x) {
        return chw[(c * height + y) * width + x];
    }

    /** Pixels per plane. */
    public int planeSize() {
        return height * width;
    }

    @Override
    public String toString() {
        return "RgbImage[" + height + "x" + width + "]";
    }
}
