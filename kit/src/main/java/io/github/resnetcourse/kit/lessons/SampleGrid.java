package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.plot.ImageGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * A look at the data before training: {@code rows × columns} images of a dataset, drawn with a
 * fixed seed, after its transform with the normalisation undone, each titled with its class name
 * (seed 000's 3×4 grid of training images).
 *
 * @param indices the samples' indices in the dataset, in grid order
 * @param labels the class of each sample
 * @param classNames names by class index
 */
public record SampleGrid(int[] indices, int[] labels, List<String> classNames) {

    /**
     * Shows {@code rows × columns} samples of {@code data} drawn with {@code seed} and returns
     * them.
     *
     * @throws IllegalArgumentException if the grid is empty or larger than the dataset
     */
    public static SampleGrid show(ImageDataset data, int rows, int columns, long seed) {
        int[] indices = GridImages.forGrid(data, rows, columns, seed);
        int count = indices.length;
        int[] labels = new int[count];
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels[i] = data.label(indices[i]);
            titles.add(data.classNames().get(labels[i]));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = GridImages.stack(manager, data, indices);
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

    /** How many of the shown images belong to class {@code label}. */
    public int count(int label) {
        int n = 0;
        for (int l : labels) {
            if (l == label) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < classNames.size(); c++) {
            s.append(c == 0 ? "" : ", ").append(count(c)).append(' ').append(classNames.get(c));
        }
        return labels.length + " images: " + s;
    }
}
