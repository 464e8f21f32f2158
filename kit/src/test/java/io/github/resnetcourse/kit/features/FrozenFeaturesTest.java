package io.github.resnetcourse.kit.features;

import static io.github.resnetcourse.kit.features.FeatureFixtures.SEED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.train.BatchNormWhenFrozen;
import io.github.resnetcourse.kit.train.Histories;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Learner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training the head on cached features is training the frozen model: same batches, same updates,
 * the classifier's own head block, batch-norm statistics untouched — on generated JPEG folders read
 * by the real loader.
 */
class FrozenFeaturesTest {
    /**
     * Cached and live features differ only by float rounding (the backbone runs on other batch
     * compositions); after three epochs of Adam the head's weights agree to this.
     */
    private static final double HEAD_TOLERANCE = 1e-4;

    private static final int EPOCHS = 3;

    @TempDir static Path root;

    @BeforeAll
    static void generate() throws IOException {
        FeatureFixtures.generate(root);
    }

    @Test
    void theHeadTrainedOnCachedFeaturesEqualsTheHeadTrainedLiveWithFrozenStatistics()
            throws IOException {
        List<float[]> liveHead;
        List<float[]> liveBody;
        History live;
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner =
                        Learner.builder()
                                .setModel(model)
                                .setData(
                                        FeatureFixtures.folder(
                                                root, "train", FeatureFixtures.evaluation(), true),
                                        FeatureFixtures.folder(
                                                root, "valid", FeatureFixtures.evaluation(), false))
                                .optLearningRate(1e-2)
                                .optSeed(SEED)
                                .optNoProgress()
                                .build()) {
            List<float[]> bodyBefore = FeatureFixtures.values(model.body());
            learner.freeze(BatchNormWhenFrozen.FROZEN_STATISTICS);
            live = learner.fit(EPOCHS);
            liveHead = FeatureFixtures.values(model.head());
            liveBody = FeatureFixtures.values(model.body());
            assertEquals(0, FeatureFixtures.maxAbsDifference(bodyBefore, liveBody));
        }

        try (ImageClassifier model = FeatureFixtures.model()) {
            List<float[]> bodyBefore = FeatureFixtures.values(model.body());
            FrozenFeatures features =
                    FrozenFeatures.builder()
                            .setModel(model)
                            .setData(
                                    FeatureFixtures.folder(
                                            root, "train", FeatureFixtures.augmenting(), true),
                                    FeatureFixtures.folder(
                                            root, "valid", FeatureFixtures.evaluation(), false))
                            .optCacheDir(root.resolve("cache-equivalence"))
                            .build();
            assertEquals(24, features.train().size());
            assertEquals(new Shape(64), features.train().featureShape());
            History cached;
            try (Learner head =
                    headLearner(features)
                            .optLearningRate(1e-2)
                            .optSeed(SEED)
                            .optNoProgress()
                            .build()) {
                cached = head.fit(EPOCHS);
            }
            double headDiff =
                    FeatureFixtures.maxAbsDifference(
                            liveHead, FeatureFixtures.values(model.head()));
            System.out.println("head weights, cached vs live: largest difference " + headDiff);
            assertTrue(
                    headDiff <= HEAD_TOLERANCE,
                    "head weights differ by " + headDiff + " > " + HEAD_TOLERANCE);
            assertEquals(
                    0,
                    FeatureFixtures.maxAbsDifference(
                            bodyBefore, FeatureFixtures.values(model.body())),
                    "running statistics and weights of the body do not move");
            for (int e = 0; e < EPOCHS; e++) {
                var a = live.epochs().get(e);
                var b = cached.epochs().get(e);
                assertEquals(a.trainLoss(), b.trainLoss(), 1e-4, "train loss, epoch " + (e + 1));
                assertEquals(a.validLoss(), b.validLoss(), 1e-4, "valid loss, epoch " + (e + 1));
                assertEquals(a.validAccuracy(), b.validAccuracy(), 1e-9);
                assertEquals(a.batches(), b.batches());
            }
            // Stage 2 continues from the same head: the whole model's learner sees its weights.
            try (Learner whole =
                    Learner.builder()
                            .setModel(model)
                            .setData(features.train().images(), null)
                            .optNoProgress()
                            .build()) {
                assertSame(model.head(), features.head());
                assertEquals(
                        0,
                        FeatureFixtures.maxAbsDifference(
                                FeatureFixtures.values(model.head()),
                                FeatureFixtures.values(
                                        whole.block().getChildren().get(1).getValue())));
            }
        }
    }

    @Test
    void augmentedViewKHoldsWhatLiveEpochKPlusOneDrawsAndEpochsCycleThroughTheViews()
            throws IOException {
        try (ImageClassifier model = FeatureFixtures.model()) {
            ImageFolder train =
                    FeatureFixtures.folder(root, "train", FeatureFixtures.augmenting(), true);
            FrozenFeatures features =
                    FrozenFeatures.builder()
                            .setModel(model)
                            .setData(train, null)
                            .optViews(TrainingViews.AUGMENTED, 2)
                            .optCacheDir(root.resolve("cache-views"))
                            .build();
            FeatureDataset cached = features.train();
            assertEquals(2, cached.views());
            assertEquals(0, cached.viewOf(1));
            assertEquals(1, cached.viewOf(2));
            assertEquals(0, cached.viewOf(3));
            float[] row = new float[64];
            for (int view = 0; view < 2; view++) {
                for (long i : new long[] {0, 7, 23}) {
                    cached.features(i, view, row);
                    float[] live = bodyOf(model, train.transformed(i, view + 1));
                    assertArrayEquals(live, row, 1e-5f, "image " + i + ", view " + view);
                }
            }
            float[] v0 = new float[64];
            float[] v1 = new float[64];
            cached.features(5, 0, v0);
            cached.features(5, 1, v1);
            assertTrue(
                    FeatureFixtures.maxAbsDifference(List.of(v0), List.of(v1)) > 1e-3,
                    "two augmented views of one image differ");
        }
    }

    @Test
    void aCapCachesOnlyTheFirstImagesAndTheHeadTrainsOnThemInShuffledBatches() {
        try (ImageClassifier model = FeatureFixtures.model()) {
            FrozenFeatures features =
                    FrozenFeatures.builder()
                            .setModel(model)
                            .setData(
                                    FeatureFixtures.folder(
                                            root, "train", FeatureFixtures.augmenting(), true),
                                    FeatureFixtures.folder(
                                            root, "valid", FeatureFixtures.evaluation(), false))
                            .optMaxImages(8)
                            .optCacheDir(root.resolve("cache-cap"))
                            .build();
            assertEquals(14, features.extractedImages(), "8 training and the 6 validation images");
            assertEquals(8, features.train().size());
            assertEquals(6, features.valid().size());
            try (Learner head = headLearner(features).optNoProgress().build()) {
                History h = head.fit(2);
                assertEquals(2, h.epochs().get(1).batches(), "8 images in batches of 4");
                assertTrue(Double.isFinite(h.epochs().get(1).validLoss()));
            }
        }
    }

    @Test
    void aBatchCapHandedInCachesWhatTheCappedEpochsRead() {
        try (ImageClassifier model = FeatureFixtures.model()) {
            FrozenFeatures features =
                    FrozenFeatures.builder()
                            .setModel(model)
                            .setData(
                                    FeatureFixtures.folder(
                                            root, "train", FeatureFixtures.augmenting(), true),
                                    FeatureFixtures.folder(
                                            root, "valid", FeatureFixtures.evaluation(), false))
                            .optMaxBatches(1)
                            .optCacheDir(root.resolve("cache-run-settings"))
                            .build();
            assertEquals(FeatureFixtures.BATCH, features.train().size(), "one batch per split");
            assertEquals(FeatureFixtures.BATCH, features.valid().size());
            assertEquals(2 * FeatureFixtures.BATCH, features.extractedImages());
        }
    }

    @Test
    void theCachedFrozenStageAndTheUnfrozenStageJoinOnOneEpochAxis() {
        try (ImageClassifier model = FeatureFixtures.model()) {
            ImageFolder train =
                    FeatureFixtures.folder(root, "train", FeatureFixtures.augmenting(), true);
            ImageFolder valid =
                    FeatureFixtures.folder(root, "valid", FeatureFixtures.evaluation(), false);
            FrozenFeatures features =
                    FrozenFeatures.builder()
                            .setModel(model)
                            .setData(train, valid)
                            .optCacheDir(root.resolve("cache-stages"))
                            .build();
            History frozen;
            try (Learner head = headLearner(features).optNoProgress().build()) {
                head.setStage("frozen");
                frozen = head.fit(2);
            }
            History unfrozen;
            try (Learner whole =
                    Learner.builder()
                            .setModel(model)
                            .setData(train, valid)
                            .optMaxBatches(2)
                            .optNoProgress()
                            .build()) {
                whole.setStage("unfrozen");
                unfrozen = whole.fit(1);
            }
            History both = Histories.concat(frozen, unfrozen);
            assertArrayEquals(new double[] {1, 2, 3}, both.epochNumbers());
            assertEquals(List.of("frozen", "frozen", "unfrozen"), both.stages());
            assertEquals(List.of(3), both.stageBoundaries());
            double[] iterations = both.iterations();
            assertEquals(frozen.batches().size() + 2, iterations.length);
            for (int i = 1; i < iterations.length; i++) {
                assertEquals(iterations[i - 1] + 1, iterations[i], "iteration " + i);
            }
        }
    }

    @Test
    void aRandomPipelineIsRefusedForDeterministicFeatures() {
        try (ImageClassifier model = FeatureFixtures.model()) {
            var builder =
                    FrozenFeatures.builder()
                            .setModel(model)
                            .setData(
                                    FeatureFixtures.folder(
                                            root, "train", FeatureFixtures.augmenting(), true),
                                    null)
                            .optPipeline(FeatureFixtures.augmenting())
                            .optCacheDir(root.resolve("cache-refused"));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, builder::build);
            assertTrue(e.getMessage().contains("DETERMINISTIC"), e.getMessage());
            assertTrue(e.getMessage().contains("TrainingViews.AUGMENTED"), e.getMessage());
        }
    }

    @Test
    void aBodyFrozenWithTrainingStatisticsIsToldThatCachingKeepsThemFixed() {
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner =
                        Learner.builder()
                                .setModel(model)
                                .setData(
                                        FeatureFixtures.folder(
                                                root, "train", FeatureFixtures.evaluation(), true),
                                        null)
                                .optNoProgress()
                                .build()) {
            learner.freeze(); // the seeds' PyTorch: TRAINING_STATISTICS
            String out =
                    FeatureFixtures.stdout(
                            () ->
                                    FrozenFeatures.builder()
                                            .setModel(model)
                                            .setData(
                                                    FeatureFixtures.folder(
                                                            root,
                                                            "train",
                                                            FeatureFixtures.evaluation(),
                                                            true),
                                                    FeatureFixtures.folder(
                                                            root,
                                                            "valid",
                                                            FeatureFixtures.evaluation(),
                                                            false))
                                            .optCacheDir(root.resolve("cache-note"))
                                            .build());
            assertTrue(out.contains("TRAINING_STATISTICS"), out);
            assertTrue(out.contains("FROZEN_STATISTICS"), out);
            assertTrue(out.contains("(e.g. 'bn1')"), "named as the model names it: " + out);
        }
    }

    /**
     * A learner of its own on the features' trainable part, as Keras' fast feature extraction
     * trains a separate head model.
     */
    private static Learner.Builder headLearner(FrozenFeatures features) {
        return Learner.builder()
                .setModel(features.trainablePart())
                .setData(features.train(), features.valid());
    }

    private static float[] bodyOf(ImageClassifier model, RgbImage image) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(image.data(), new Shape(1, 3, image.height(), image.width()));
            NDList out = model.body().forward(new ParameterStore(m, false), new NDList(x), false);
            return out.singletonOrThrow().toFloatArray();
        }
    }
}
