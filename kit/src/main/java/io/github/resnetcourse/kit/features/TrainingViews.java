package io.github.resnetcourse.kit.features;

/**
 * Which pictures of each training image the feature cache holds, and so which ones the head trains
 * on. Validation images always go through the validation pipeline once.
 */
public enum TrainingViews {
    /**
     * One view per image through a deterministic pipeline, by default the validation data's own
     * (resize, centre crop, normalise): no augmentation at all. Every epoch trains on the same
     * features, which is exactly what live training sees when the training data uses that pipeline.
     */
    DETERMINISTIC,
    /**
     * {@code K} augmented views per image, drawn by the training pipeline: view {@code k} (0-based)
     * is what live epoch {@code k + 1} would draw for that image, and epoch {@code e} trains on
     * view {@code (e - 1) mod K}. With {@code K} at least the number of frozen epochs the head sees
     * exactly the augmentations of the live run; with fewer, each view returns every {@code K}
     * epochs. Costs {@code K} backbone passes per image and {@code K} times the storage.
     */
    AUGMENTED
}
