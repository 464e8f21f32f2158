package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.plot.ImageGrid;
import java.util.List;

/**
 * The seeds' closing picture: a few validation images through the trained model, each titled
 * "predicted (true)" with class names, green when right and red when wrong (seed 001's 2×4 grid).
 *
 * <p>The samples are drawn at random with a fixed seed rather than taken from the front of the
 * dataset: a validation set read in order starts with one class, so its first eight images would
 * all be the same flower (the seed's loader shuffled its validation set for the same effect).
 *
 * @param indices the samples' indices in the dataset, in grid order
 * @param predicted the most probable class of each sample
 * @param labels the true class of each sample
 * @param classNames names by class index
 */
public record PredictionGrid(
        int[] indices, int[] predicted, int[] labels, List<String> classNames) {

    /**
     * Runs {@code rows × columns} samples of {@code data}, drawn with {@code seed}, through {@code
     * model} in inference mode (after the dataset's own transform), shows them as a grid with the
     * normalisation undone, and returns the predictions.
     *
     * @throws IllegalArgumentException if the grid is empty or larger than the dataset
     */
    public static PredictionGrid show(
            ImageClassifier model, ImageDataset data, int rows, int columns, long seed) {
        int[] indices = GridImages.forGrid(data, rows, columns, seed);
        int count = indices.length;
        PredictionGrid result;
        try (NDManager manager = model.manager().newSubManager()) {
            NDArray images = GridImages.stack(manager, data, indices);
            long[] argMax = model.predict(images).argMax(1).toLongArray();
            int[] predicted = new int[count];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                predicted[i] = (int) argMax[i];
                labels[i] = data.label(indices[i]);
            }
            result = new PredictionGrid(indices, predicted, labels, data.classNames());
            NDArray shown =
                    data.transform().normalization().map(n -> n.denormalize(images)).orElse(images);
            ImageGrid.builder()
                    .setImages(shown.clip(0f, 1f))
                    .optPredictions(predicted, labels, result.classNames())
                    .optColumns(columns)
                    // Photographs (lesson 03's 224-pixel flowers): 160-pixel JPEG tiles keep
                    // the titles readable at a fraction of a PNG's size (534 KB before). Small
                    // images (CIFAR's 32 pixels, enlarged as crisp squares) stay PNG.
                    .optMaxImageSize(160)
                    .optEncoding(
                            ImageGrid.Encoding.forImageWidth(
                                    images.getShape().get(images.getShape().dimension() - 1)))
                    .build()
                    .show();
        }
        return result;
    }

    /** How many of the shown images were classified correctly. */
    public int correct() {
        int n = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                n++;
            }
        }
        return n;
    }

    /** The title of image {@code i}: "predicted (true)" with class names, as the seed draws it. */
    public String title(int i) {
        return classNames.get(predicted[i]) + " (" + classNames.get(labels[i]) + ")";
    }

    @Override
    public String toString() {
        return correct() + " of " + predicted.length + " shown images classified correctly";
    }
}
