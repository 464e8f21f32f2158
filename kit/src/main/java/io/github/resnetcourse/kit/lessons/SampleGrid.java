package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.plot.ImageGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeds' first picture: a few training images as the model receives them (after the dataset's
 * transform, augmentation included), the normalisation undone for display, each titled with its
 * class name (seed 003's six CIFAR-10 images).
 *
 * @param indices the samples' indices in the dataset, in grid order
 * @param labels their classes
 * @param classNames names by class index
 */
public record SampleGrid(int[] indices, int[] labels, List<String> classNames) {

    /**
     * Draws {@code rows × columns} samples of {@code data} with {@code seed} and shows them.
     *
     * @throws IllegalArgumentException if the grid is empty or larger than the dataset
     */
    public static SampleGrid show(ImageDataset data, int rows, int columns, long seed) {
        int count = rows * columns;
        if (rows < 1 || columns < 1 || count > data.size()) {
            throw new IllegalArgumentException(
                    String.format(
                            "A %d×%d grid needs between 1 and %d images (the dataset's size).",
                            rows, columns, data.size()));
        }
        int[] indices = PredictionGrid.sample((int) data.size(), count, seed);
        int[] labels = new int[count];
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels[i] = data.label(indices[i]);
            titles.add(data.classNames().get(labels[i]));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = PredictionGrid.stack(manager, data, indices);
            NDArray shown =
                    data.transform().normalization().map(n -> n.denormalize(images)).orElse(images);
            ImageGrid.builder()
                    .setImages(shown.clip(0f, 1f))
                    .optTitles(titles)
                    .optColumns(columns)
                    .build()
                    .show();
        }
        return new SampleGrid(indices, labels, data.classNames());
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (int label : labels) {
            names.add(classNames.get(label));
        }
        return indices.length + " training images: " + String.join(", ", names);
    }
}
