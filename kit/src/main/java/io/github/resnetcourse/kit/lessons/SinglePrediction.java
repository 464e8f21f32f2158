package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.engine.HostArrays;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.plot.ImageGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Lesson 02's first look: one test image through a classifier whose head has not been trained yet,
 * shown with the predicted class, as the seed does before fine-tuning ({@code predicted class: 3}).
 *
 * @param index the sample's index in the dataset
 * @param predicted the most probable class
 * @param label the true class
 * @param classNames names by class index
 */
public record SinglePrediction(int index, int predicted, int label, List<String> classNames) {
    /**
     * Runs sample {@code index} of {@code data} (after the dataset's own transform) through {@code
     * model} in inference mode, shows the image titled with the prediction, and returns it.
     */
    public static SinglePrediction show(ImageClassifier model, ImageDataset data, int index) {
        if (index < 0 || index >= data.size()) {
            throw new IllegalArgumentException(
                    "sample " + index + " is outside the dataset's 0.." + (data.size() - 1));
        }
        RgbImage image;
        try {
            image = data.transformed(index, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read sample " + index, e);
        }
        List<String> names = data.classNames();
        try (NDManager manager = model.manager().newSubManager()) {
            NDArray x =
                    HostArrays.floats(
                            manager, image.data(), new Shape(1, 3, image.height(), image.width()));
            int predicted = (int) model.predict(x).argMax(1).getLong(0);
            SinglePrediction result =
                    new SinglePrediction(index, predicted, data.label(index), names);
            NDArray shown = data.transform().normalization().map(n -> denormalize(n, x)).orElse(x);
            ImageGrid.builder()
                    .setImages(shown.clip(0f, 1f))
                    .optTitles(List.of(result.title()))
                    .optColumns(1)
                    .build()
                    .show();
            return result;
        }
    }

    /** "predicted: cat (3) · true: ship (8)". */
    public String title() {
        return "predicted: "
                + classNames.get(predicted)
                + " ("
                + predicted
                + ") · true: "
                + classNames.get(label)
                + " ("
                + label
                + ")";
    }

    /**
     * The same line as the image's title, so a cell ending in {@code SinglePrediction.show(...)}
     * echoes "predicted: cat (3) · true: ship (8)" rather than the record's fields.
     */
    @Override
    public String toString() {
        return title();
    }

    private static NDArray denormalize(Normalize n, NDArray x) {
        return n.denormalize(x);
    }
}
