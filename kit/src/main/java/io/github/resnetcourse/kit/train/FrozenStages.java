package io.github.resnetcourse.kit.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.eval.Evaluator;
import io.github.resnetcourse.kit.features.FrozenFeatures;
import io.github.resnetcourse.kit.features.TrainingViews;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.NamedSequential;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The learner's part that decides what a frozen stage trains on ({@link FrozenBackbone}): the model
 * on its images, or the model's trainable part on the frozen part's cached outputs. It owns the
 * choice the notebook made, and the run mode's choice for a notebook that asked for {@link
 * FrozenBackbone#LIVE} (a laptop plan's cached frozen stages).
 */
final class FrozenStages {
    /** What one {@code fit} trains: a block, its data and the evaluator of its validation data. */
    record Inputs(Block block, Dataset train, Dataset valid, Evaluator validation) {}

    private final ImageClassifier classifier;
    private final Optional<FrozenBackbone> runMode;
    private final Path cacheDir;
    private FrozenBackbone asked = FrozenBackbone.LIVE;
    private int views = 1;
    private FrozenFeatures lastFeatures;

    FrozenStages(ImageClassifier classifier, Optional<FrozenBackbone> runMode, Path cacheDir) {
        this.classifier = classifier;
        this.runMode = Objects.requireNonNull(runMode, "runMode");
        this.cacheDir = cacheDir;
    }

    /**
     * Records the notebook's choice and says what is in force.
     *
     * @throws IllegalStateException for a cached choice on a learner not built from an {@code
     *     ImageClassifier}, which has no body to cache
     * @throws IllegalArgumentException when {@code augmentedViews} (0 for none) does not fit the
     *     choice
     */
    void set(FrozenBackbone choice, int augmentedViews) {
        Objects.requireNonNull(choice, "choice");
        if ((choice == FrozenBackbone.CACHED_AUGMENTED_VIEWS) != (augmentedViews > 0)) {
            throw new IllegalArgumentException(
                    choice
                            + (augmentedViews > 0 ? " with " + augmentedViews + " views" : "")
                            + ": only CACHED_AUGMENTED_VIEWS takes a number of views (at least 1),"
                            + " e.g. setFrozenBackbone(FrozenBackbone.CACHED_AUGMENTED_VIEWS, 5).");
        }
        if (choice != FrozenBackbone.LIVE && classifier == null) {
            throw new IllegalStateException(
                    "FrozenBackbone."
                            + choice
                            + " needs a learner built with setModel(ImageClassifier): the"
                            + " classifier's body is what is cached. Build the learner from the"
                            + " classifier, or keep LIVE.");
        }
        this.asked = choice;
        this.views = Math.max(1, augmentedViews);
        System.out.println(describe());
    }

    /** The choice the notebook made (LIVE unless it asked otherwise). */
    FrozenBackbone asked() {
        return asked;
    }

    /** What frozen stages run now: the notebook's choice, or the run mode's in place of LIVE. */
    FrozenBackbone inForce() {
        return asked == FrozenBackbone.LIVE && classifier != null ? runMode.orElse(asked) : asked;
    }

    /** One line on what frozen stages do, and why. */
    String describe() {
        if (inForce() == FrozenBackbone.LIVE) {
            return "Frozen stages run LIVE: the frozen backbone runs over every training image in"
                    + " every epoch, augmented, as in the seed.";
        }
        String why =
                asked == FrozenBackbone.LIVE
                        ? " (laptop mode's plan for this lesson; full mode runs them LIVE, as this"
                                + " cell asks)"
                        : "";
        if (inForce() == FrozenBackbone.CACHED_AUGMENTED_VIEWS) {
            return "Frozen stages train on CACHED_AUGMENTED_VIEWS: the frozen backbone runs once"
                    + " per image and view ("
                    + views
                    + " augmented view(s), epoch e trains on view (e - 1) mod "
                    + views
                    + ") and only the trainable part runs each epoch; the backbone's batch-norm"
                    + " running statistics stay as they are.";
        }
        return "Frozen stages train on CACHED_FEATURES"
                + why
                + ": the frozen backbone runs once per image and only the trainable part runs each"
                + " epoch; no augmentation in those epochs, and the backbone's batch-norm running"
                + " statistics stay as they are.";
    }

    /**
     * What the next {@code fit} trains on: the live inputs, or, when cached features are in force
     * and a prefix of the body is frozen, the trainable part on the cached features (extracted now,
     * or read from the cache).
     */
    Inputs inputsFor(Inputs live, Loss loss, Integer maxBatches) {
        lastFeatures = null;
        if (inForce() == FrozenBackbone.LIVE) {
            return live;
        }
        int frozenLayers = frozenPrefix(classifier.body());
        if (frozenLayers == 0) {
            return live; // nothing of the body is frozen: an unfrozen stage runs live
        }
        FrozenFeatures features = extract(live, frozenLayers, maxBatches);
        lastFeatures = features;
        Evaluator validation = Evaluator.of(features.trainablePart(), loss);
        if (maxBatches != null) {
            validation.maxBatches(maxBatches);
        }
        return new Inputs(features.trainablePart(), features.train(), features.valid(), validation);
    }

    /** The features the last {@code fit} trained on, or empty when it ran live. */
    Optional<FrozenFeatures> lastFeatures() {
        return Optional.ofNullable(lastFeatures);
    }

    private FrozenFeatures extract(Inputs live, int frozenLayers, Integer maxBatches) {
        ImageDataset train = images(live.train(), "training");
        ImageDataset valid = live.valid() == null ? null : images(live.valid(), "validation");
        FrozenFeatures.Builder b =
                FrozenFeatures.builder()
                        .setModel(classifier)
                        .setData(train, valid)
                        .optBodyLayers(frozenLayers);
        if (inForce() == FrozenBackbone.CACHED_AUGMENTED_VIEWS) {
            b.optViews(TrainingViews.AUGMENTED, views);
        }
        if (maxBatches != null) {
            b.optMaxBatches(maxBatches);
        }
        if (cacheDir != null) {
            b.optCacheDir(cacheDir);
        }
        return b.build();
    }

    private static ImageDataset images(Dataset data, String which) {
        if (data instanceof ImageDataset images) {
            return images;
        }
        throw new IllegalStateException(
                "A frozen stage on cached features caches images of the kit's datasets, but the "
                        + which
                        + " data is a "
                        + data.getClass().getName()
                        + "; use Datasets.* (an ImageDataset), or keep LIVE.");
    }

    /**
     * How many of the body's first layers have no parameter that trains (running statistics are
     * buffers and do not count): the part whose output does not change while this stage trains. 0
     * when that part holds no frozen parameter (nothing worth caching).
     */
    static int frozenPrefix(NamedSequential body) {
        int n = 0;
        boolean frozenParameter = false;
        for (String name : body.names()) {
            for (Pair<String, Parameter> p : body.get(name).getParameters()) {
                if (ImageClassifier.isBuffer(p.getValue())) {
                    continue;
                }
                if (p.getValue().requiresGradient()) {
                    return frozenParameter ? n : 0;
                }
                frozenParameter = true;
            }
            n++;
        }
        return frozenParameter ? n : 0;
    }
}
