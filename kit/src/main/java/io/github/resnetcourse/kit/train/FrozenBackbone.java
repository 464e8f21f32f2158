package io.github.resnetcourse.kit.train;

/**
 * What a {@link Learner} runs in a frozen stage, one whose backbone does not train ({@link
 * Learner#setFrozenBackbone}). The choice changes how fast the stage runs and what the head sees;
 * the weights it trains, the optimizer, schedule, callbacks, checkpoints and history are the
 * learner's either way.
 */
public enum FrozenBackbone {
    /**
     * The seeds' way: every epoch runs the frozen backbone over every training image, augmented as
     * the training pipeline says, and frozen batch-norm layers do what {@link BatchNormWhenFrozen}
     * says (by default they normalise each batch by its own statistics and move their running
     * statistics).
     */
    LIVE,
    /**
     * The backbone runs once per image and the trainable part of the model trains on its stored
     * outputs ({@code features.FrozenFeatures}: Keras' "fast feature extraction"). Two things
     * change against {@link #LIVE}: the training images go through the validation pipeline (no
     * augmentation), and the frozen batch-norm layers normalise with their running statistics and
     * keep them, as {@link BatchNormWhenFrozen#FROZEN_STATISTICS} does. Extraction costs one
     * inference pass over the images; every epoch after that costs only the trainable part.
     */
    CACHED_FEATURES,
    /**
     * As {@link #CACHED_FEATURES}, but keeping augmentation: {@code K} augmented views of every
     * training image are cached ({@code Learner.setFrozenBackbone(CACHED_AUGMENTED_VIEWS, k)}),
     * view {@code k} being what live epoch {@code k + 1} would draw, and epoch {@code e} trains on
     * view {@code (e - 1) mod K}. With {@code K} at least the stage's epochs the head sees exactly
     * the live run's augmentations; the cost is {@code K} backbone passes per image and {@code K}
     * times the storage. Batch-norm statistics stay fixed as with {@link #CACHED_FEATURES}.
     */
    CACHED_AUGMENTED_VIEWS
}
