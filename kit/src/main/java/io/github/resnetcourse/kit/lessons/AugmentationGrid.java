package io.github.resnetcourse.kit.lessons;

import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.data.transform.ImageTransform;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.plot.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One training image and {@code copies} draws of an augmentation pipeline applied to it, side by
 * side: what "random" in RandomCrop, RandomRotation and ColorJitter does to a single picture. The
 * pipeline's {@link Normalize} steps are left out of the display (they change numbers the network
 * sees, not what the eye can read); every other step runs exactly as in training.
 *
 * @param index the dataset index of the image shown
 * @param copies how many augmented versions are shown after the original
 * @param pipeline the pipeline applied (with its normalisation)
 */
public record AugmentationGrid(long index, int copies, ImageTransform pipeline) {

    /**
     * Shows image {@code index} of {@code data} (before any augmentation) followed by {@code
     * copies} draws of {@code pipeline}, each with its own generator derived from {@code seed}, in
     * rows of {@code columns}.
     *
     * @throws IllegalArgumentException if the index, the number of copies or columns is out of
     *     range
     */
    public static AugmentationGrid show(
            ImageDataset data,
            ImageTransform pipeline,
            long index,
            int copies,
            int columns,
            long seed)
            throws IOException {
        if (index < 0 || index >= data.size() || copies < 1 || columns < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "Need an image index in 0..%d, at least one copy and one column; got"
                                    + " index %d, %d copies, %d columns.",
                            data.size() - 1,
                            index,
                            copies,
                            columns));
        }
        ImageTransform shown = withoutNormalization(pipeline);
        RgbImage original = data.image(index);
        List<BufferedImage> pictures = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        pictures.add(TransformPreview.toPicture(original));
        titles.add("original");
        for (int k = 1; k <= copies; k++) {
            pictures.add(
                    TransformPreview.toPicture(
                            shown.apply(original, new SplittableRandom(seed + k))));
            titles.add("augmented #" + k);
        }
        ImageGrid.builder()
                .setImages(pictures)
                .optTitles(titles)
                .optColumns(columns)
                .optMaxImageSize(160)
                .optEncoding(ImageGrid.Encoding.forImageWidth(pictures.get(1).getWidth()))
                .build()
                .show();
        return new AugmentationGrid(index, copies, pipeline);
    }

    /** {@code pipeline} without its {@link Normalize} steps, for display. */
    static ImageTransform withoutNormalization(ImageTransform pipeline) {
        if (pipeline instanceof ImagePipeline p) {
            return ImagePipeline.of(
                    p.steps().stream()
                            .filter(s -> !(s instanceof Normalize))
                            .toArray(ImageTransform[]::new));
        }
        return pipeline instanceof Normalize ? ImagePipeline.identity() : pipeline;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "image %d: the original and %d augmented versions (normalisation not shown)",
                index,
                copies);
    }
}
