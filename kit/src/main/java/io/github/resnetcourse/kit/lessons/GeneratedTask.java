package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.plot.ImageGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A labelled image classification task held in memory: training and test images (CHW floats) with
 * their class indices and names. Made by {@link PretrainingTasks}; turned into DJL datasets on
 * demand so that each training run owns its arrays.
 */
public final class GeneratedTask {
    private final String name;
    private final List<String> classNames;
    private final int imageSize;
    private final float[] trainImages;
    private final int[] trainLabels;
    private final float[] testImages;
    private final int[] testLabels;

    GeneratedTask(
            String name,
            List<String> classNames,
            int imageSize,
            float[] trainImages,
            int[] trainLabels,
            float[] testImages,
            int[] testLabels) {
        this.name = Objects.requireNonNull(name, "name");
        this.classNames = List.copyOf(classNames);
        this.imageSize = imageSize;
        this.trainImages = trainImages;
        this.trainLabels = trainLabels;
        this.testImages = testImages;
        this.testLabels = testLabels;
    }

    /** A short human name, e.g. "upstream: stripe orientation". */
    public String name() {
        return name;
    }

    /** Class names, indexed by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes. */
    public int classCount() {
        return classNames.size();
    }

    /** Shape of one image: (3, size, size). */
    public Shape imageShape() {
        return new Shape(StripeImages.CHANNELS, imageSize, imageSize);
    }

    /** Number of training images. */
    public int trainSize() {
        return trainLabels.length;
    }

    /** Number of test images. */
    public int testSize() {
        return testLabels.length;
    }

    /** A copy of the training labels. */
    public int[] trainLabels() {
        return trainLabels.clone();
    }

    /** A copy of the test labels. */
    public int[] testLabels() {
        return testLabels.clone();
    }

    /** The training images as one (n, 3, size, size) array owned by {@code manager}. */
    public NDArray trainImages(NDManager manager) {
        return images(manager, trainImages, trainSize());
    }

    /** The test images as one (n, 3, size, size) array owned by {@code manager}. */
    public NDArray testImages(NDManager manager) {
        return images(manager, testImages, testSize());
    }

    /** The training split, shuffled every epoch, in batches of {@code batchSize}. */
    public ArrayDataset trainDataset(NDManager manager, int batchSize) {
        return dataset(manager, trainImages, trainLabels, batchSize, true);
    }

    /** The test split, in order, in batches of {@code batchSize}. */
    public ArrayDataset testDataset(NDManager manager, int batchSize) {
        return dataset(manager, testImages, testLabels, batchSize, false);
    }

    /**
     * A grid of the first {@code perClass} training images of every class, titled with the class
     * name (pixel values clipped to [0, 1] for display).
     */
    public ImageGrid sampleGrid(int perClass) {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass " + perClass + " must be at least 1");
        }
        int length = StripeImages.CHANNELS * imageSize * imageSize;
        List<Integer> picked = new ArrayList<>();
        for (int c = 0; c < classCount(); c++) {
            int found = 0;
            for (int i = 0; i < trainLabels.length && found < perClass; i++) {
                if (trainLabels[i] == c) {
                    picked.add(i);
                    found++;
                }
            }
        }
        float[] data = new float[picked.size() * length];
        List<String> titles = new ArrayList<>();
        for (int k = 0; k < picked.size(); k++) {
            int i = picked.get(k);
            for (int j = 0; j < length; j++) {
                data[k * length + j] = Math.min(1f, Math.max(0f, trainImages[i * length + j]));
            }
            titles.add(classNames.get(trainLabels[i]));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            return ImageGrid.builder()
                    .setImages(images(manager, data, picked.size()))
                    .optTitles(titles)
                    .optColumns(Math.min(8, picked.size()))
                    .build();
        }
    }

    @Override
    public String toString() {
        return name
                + ": "
                + classCount()
                + " classes, "
                + trainSize()
                + " train / "
                + testSize()
                + " test images of "
                + imageSize
                + "x"
                + imageSize;
    }

    private NDArray images(NDManager manager, float[] data, int count) {
        return manager.create(data, new Shape(count, StripeImages.CHANNELS, imageSize, imageSize));
    }

    private ArrayDataset dataset(
            NDManager manager, float[] data, int[] labels, int batchSize, boolean shuffle) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be at least 1");
        }
        NDArray x = images(manager, data, labels.length);
        NDArray y = manager.create(labels).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return new ArrayDataset.Builder()
                .setData(x)
                .optLabels(y)
                .setSampling(batchSize, shuffle)
                .build();
    }
}
