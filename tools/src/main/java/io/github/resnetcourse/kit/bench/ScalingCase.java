package io.github.resnetcourse.kit.bench;

import java.util.Locale;

/**
 * What {@code ./course bench scaling} measures at each dataset size: the two data pipelines the
 * lessons use, lesson 02's training, and the frozen-feature cache. Each runs in a fresh process per
 * size so that its peak memory is its own.
 */
public enum ScalingCase {
    /**
     * Lesson 02's CIFAR-10 training pipeline (crop, flip, jitter, rotation, normalise), batch 128,
     * read from the binary batch files.
     */
    PIPELINE_CIFAR("pipeline-cifar"),
    /** Lesson 03's Flowers-102 training pipeline on ~500 px JPEGs decoded per epoch, batch 32. */
    PIPELINE_FLOWERS("pipeline-flowers"),
    /**
     * Lesson 02's stage 2: ResNet18 with a 10-class head, unfrozen, Adam, one epoch over the CIFAR
     * training pipeline at batch 128.
     */
    TRAIN_CIFAR("train-cifar"),
    /**
     * Lesson 02's stage 1 on cached features: ResNet18's frozen body run once per image, then
     * {@link #CACHED_EPOCHS} epochs of the head on the cache, with an in-memory limit small enough
     * that every size above the base is memory-mapped from disk.
     */
    FEATURE_CACHE_CIFAR("feature-cache-cifar");

    /** Epochs the head trains on the cached features in {@link #FEATURE_CACHE_CIFAR}. */
    public static final int CACHED_EPOCHS = 3;

    private final String label;

    ScalingCase(String label) {
        this.label = label;
    }

    /**
     * The name used on the command line and in reports.
     *
     * @return e.g. {@code pipeline-cifar}
     */
    public String label() {
        return label;
    }

    /** Whether this case reads the CIFAR-10 twin (otherwise the Flowers-102 JPEG folder). */
    public boolean readsCifar() {
        return this != PIPELINE_FLOWERS;
    }

    /**
     * Parses a label.
     *
     * @param label one of the labels
     * @return the case
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static ScalingCase parse(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (ScalingCase c : values()) {
            if (c.label.equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "Unknown scaling case '"
                        + label
                        + "': use pipeline-cifar, pipeline-flowers, train-cifar or"
                        + " feature-cache-cifar.");
    }
}
