package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.engine.HostArrays;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/** Seeded samples of a dataset stacked into one batch, for the lessons' image grids. */
final class GridImages {
    private GridImages() {}

    /**
     * The seeded indices of a {@code rows}×{@code columns} grid of {@code data}'s samples.
     *
     * @throws IllegalArgumentException if the grid is empty or larger than the dataset
     */
    static int[] forGrid(ImageDataset data, int rows, int columns, long seed) {
        int count = rows * columns;
        if (rows < 1 || columns < 1 || count > data.size()) {
            throw new IllegalArgumentException(
                    String.format(
                            "A %d×%d grid needs between 1 and %d images (the dataset's size).",
                            rows, columns, data.size()));
        }
        return sample((int) data.size(), count, seed);
    }

    /** The first {@code count} entries of a seeded Fisher–Yates shuffle of {@code 0..size-1}. */
    static int[] sample(int size, int count, long seed) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, count);
    }

    static NDArray stack(NDManager manager, ImageDataset data, int[] indices) {
        RgbImage first = transformed(data, indices[0]);
        int h = first.height();
        int w = first.width();
        int plane = 3 * h * w;
        float[] all = new float[indices.length * plane];
        for (int i = 0; i < indices.length; i++) {
            RgbImage image = i == 0 ? first : transformed(data, indices[i]);
            if (image.height() != h || image.width() != w) {
                throw new IllegalStateException(
                        "Sample "
                                + indices[i]
                                + " is "
                                + image.height()
                                + "×"
                                + image.width()
                                + " after the transform, sample "
                                + indices[0]
                                + " is "
                                + h
                                + "×"
                                + w
                                + "; a grid needs one size (add a Resize/CenterCrop).");
            }
            System.arraycopy(image.data(), 0, all, i * plane, plane);
        }
        return HostArrays.floats(manager, all, new Shape(indices.length, 3, h, w));
    }

    static RgbImage transformed(ImageDataset data, int index) {
        try {
            // Epoch 1: for a validation pipeline (no random steps) every epoch sees the same image.
            return data.transformed(index, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read sample " + index, e);
        }
    }
}
