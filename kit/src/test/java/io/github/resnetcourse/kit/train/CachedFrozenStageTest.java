package io.github.resnetcourse.kit.train;

import static io.github.resnetcourse.kit.features.FeatureFixtures.SEED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.eval.EvalResult;
import io.github.resnetcourse.kit.features.FeatureFixtures;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner's frozen stage on cached features ({@link Learner#setFrozenBackbone}) is the frozen
 * stage of the whole model: the same updates as a live stage with frozen statistics on
 * deterministic images, the model's own head, the schedule stepped per epoch, checkpoints of the
 * whole model, one history with the unfrozen stage after it. Generated JPEG folders read by the
 * real loader, a small CIFAR ResNet.
 */
class CachedFrozenStageTest {
    /** Cached and live features differ only by float rounding (other batch compositions). */
    private static final double TOLERANCE = 1e-4;

    @TempDir static Path root;

    @BeforeAll
    static void generate() throws IOException {
        FeatureFixtures.generate(root);
    }

    private static ImageFolder train(ImagePipeline pipeline) {
        return FeatureFixtures.folder(root, "train", pipeline, true);
    }

    private static ImageFolder valid() {
        return FeatureFixtures.folder(root, "valid", FeatureFixtures.evaluation(), false);
    }

    private static Learner.Builder learner(ImageClassifier model, ImagePipeline trainPipeline) {
        return Learner.builder()
                .setModel(model)
                .setData(train(trainPipeline), valid())
                .optLearningRate(1e-2)
                .optSchedule(StepLr.of(1, 0.5))
                .optSeed(SEED)
                .optRunSettings(RunSettings.full(SEED))
                .optFeatureCache(root.resolve("cache"))
                .optNoProgress();
    }

    @Test
    void aCachedFrozenStageTrainsTheHeadAsALiveStageWithFrozenStatisticsOnTheSameImagesDoes() {
        History live;
        List<float[]> liveHead;
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner = learner(model, FeatureFixtures.evaluation()).build()) {
            learner.freeze(BatchNormWhenFrozen.FROZEN_STATISTICS);
            learner.setStage("frozen");
            live = learner.fit(3);
            liveHead = FeatureFixtures.values(model.head());
        }
        try (ImageClassifier model = FeatureFixtures.model();
                // The training images augment: a cached stage trains on the evaluation pipeline.
                Learner learner = learner(model, FeatureFixtures.augmenting()).build()) {
            List<float[]> bodyBefore = FeatureFixtures.values(model.body());
            learner.freeze(); // the seeds' TRAINING_STATISTICS: caching keeps them fixed anyway
            learner.setFrozenBackbone(FrozenBackbone.CACHED_FEATURES);
            learner.setStage("frozen");
            History cached = learner.fit(3);

            double headDiff =
                    FeatureFixtures.maxAbsDifference(
                            liveHead, FeatureFixtures.values(model.head()));
            assertTrue(headDiff <= TOLERANCE, "head weights differ by " + headDiff);
            assertEquals(
                    0,
                    FeatureFixtures.maxAbsDifference(
                            bodyBefore, FeatureFixtures.values(model.body())),
                    "the body's weights and running statistics do not move");
            assertSame(cached, learner.history(), "the stage is in the learner's own history");
            assertEquals(3, cached.epochs().size());
            assertEquals(live.batches().size(), cached.batches().size());
            for (int e = 0; e < 3; e++) {
                var a = live.epochs().get(e);
                var b = cached.epochs().get(e);
                assertEquals("frozen", b.stage());
                assertEquals(e + 1, b.epoch());
                assertEquals(a.lr(), b.lr(), 1e-12, "StepLR, epoch " + (e + 1));
                assertEquals(a.trainLoss(), b.trainLoss(), TOLERANCE, "train loss " + (e + 1));
                assertEquals(a.validLoss(), b.validLoss(), TOLERANCE, "valid loss " + (e + 1));
                assertEquals(a.batches(), b.batches());
            }
            assertEquals(1e-2 / 8, learner.learningRate(), 1e-12, "three StepLR steps");
        }
    }

    @Test
    void augmentedViewsCachedForEveryEpochTrainTheHeadAsTheLiveAugmentedStageDoes() {
        List<float[]> liveHead;
        History live;
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner = learner(model, FeatureFixtures.augmenting()).build()) {
            learner.freeze(BatchNormWhenFrozen.FROZEN_STATISTICS);
            live = learner.fit(2);
            liveHead = FeatureFixtures.values(model.head());
        }
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner = learner(model, FeatureFixtures.augmenting()).build()) {
            learner.freeze();
            learner.setFrozenBackbone(FrozenBackbone.CACHED_AUGMENTED_VIEWS, 2);
            History cached = learner.fit(2);
            assertEquals(2, learner.cachedFeatures().orElseThrow().train().views());
            double headDiff =
                    FeatureFixtures.maxAbsDifference(
                            liveHead, FeatureFixtures.values(model.head()));
            assertTrue(headDiff <= TOLERANCE, "head weights differ by " + headDiff);
            for (int e = 0; e < 2; e++) {
                assertEquals(
                        live.epochs().get(e).trainLoss(),
                        cached.epochs().get(e).trainLoss(),
                        TOLERANCE,
                        "train loss on the same augmentations, epoch " + (e + 1));
            }
            assertThrows(
                    IllegalArgumentException.class,
                    () -> learner.setFrozenBackbone(FrozenBackbone.CACHED_AUGMENTED_VIEWS));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> learner.setFrozenBackbone(FrozenBackbone.CACHED_FEATURES, 3));
        }
    }

    @Test
    void saveBestModelInACachedStageWritesTheWholeModelWhichRestoresIntoAFreshOne() {
        Path file = root.resolve("checkpoints").resolve("cached.ckpt");
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner =
                        learner(model, FeatureFixtures.augmenting())
                                .optCallbacks(SaveBestModel.to(file))
                                .build()) {
            learner.freeze();
            learner.setFrozenBackbone(FrozenBackbone.CACHED_FEATURES);
            learner.setStage("frozen");
            learner.fit(1); // the first epoch is always the best so far
            Checkpoint saved = Checkpoint.read(file);
            assertEquals(1, saved.epoch());
            assertEquals("frozen", saved.stage());
            assertEquals(1, saved.epochs().size());

            try (ImageClassifier fresh = FeatureFixtures.model()) {
                // A fresh model's head is the untrained one; its body is the same initial body.
                assertTrue(
                        FeatureFixtures.maxAbsDifference(
                                        FeatureFixtures.values(fresh.head()),
                                        FeatureFixtures.values(model.head()))
                                > 1e-4,
                        "the head trained");
                saved.loadWeightsInto(fresh);
                assertEquals(
                        0,
                        FeatureFixtures.maxAbsDifference(
                                FeatureFixtures.values(model.block()),
                                FeatureFixtures.values(fresh.block())),
                        "every parameter and buffer of the whole model, body and head");
            }
        }
    }

    @Test
    void theUnfrozenStageContinuesLiveFromTheHeadTrainedOnCachedFeaturesInOneHistory() {
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner = learner(model, FeatureFixtures.augmenting()).build()) {
            learner.freeze();
            learner.setFrozenBackbone(FrozenBackbone.CACHED_FEATURES);
            learner.setStage("frozen");
            History frozen = learner.fit(2);
            var optimizer = learner.parameterOptimizer();
            // Validation on cached features is the whole model's validation.
            EvalResult whole = learner.validate();
            assertEquals(frozen.epochs().get(1).validLoss(), whole.loss(), TOLERANCE);
            assertEquals(frozen.epochs().get(1).validAccuracy(), whole.accuracy(), 1e-9);
            assertSame(
                    model.head(),
                    learner.block().getChildren().get(1).getValue(),
                    "the learner's model holds the head that trained");

            List<float[]> bodyBefore = FeatureFixtures.values(model.body());
            learner.unfreeze();
            learner.setLearningRate(1e-3);
            learner.setStage("unfrozen");
            History both = learner.fit(1);
            assertSame(optimizer, learner.parameterOptimizer(), "Adam's state carries over");
            assertTrue(
                    FeatureFixtures.maxAbsDifference(
                                    bodyBefore, FeatureFixtures.values(model.body()))
                            > 0,
                    "the unfrozen stage trains the body, live");
            assertArrayEquals(new double[] {1, 2, 3}, both.epochNumbers());
            assertEquals(List.of("frozen", "frozen", "unfrozen"), both.stages());
            double[] iterations = both.iterations();
            for (int i = 1; i < iterations.length; i++) {
                assertEquals(iterations[i - 1] + 1, iterations[i], "iteration " + i);
            }
        }
    }

    @Test
    void aFrozenPrefixOfTheBodyIsCachedAndTheLaterLayersTrainWithTheHead() {
        List<float[]> live;
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner = learner(model, FeatureFixtures.evaluation()).build()) {
            learner.freezeTo(-2, BatchNormWhenFrozen.FROZEN_STATISTICS);
            learner.fit(2);
            live = FeatureFixtures.values(model.block());
        }
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner = learner(model, FeatureFixtures.augmenting()).build()) {
            learner.freezeTo(-2);
            learner.setFrozenBackbone(FrozenBackbone.CACHED_FEATURES);
            String out = FeatureFixtures.stdout(() -> learner.fit(2));
            assertTrue(out.contains("body up to"), out);
            double diff =
                    FeatureFixtures.maxAbsDifference(live, FeatureFixtures.values(model.block()));
            assertTrue(
                    diff <= TOLERANCE,
                    "the last stage (with its moving batch-norm statistics) and the head differ"
                            + " by "
                            + diff);
        }
    }

    @Test
    void theLaptopPlanRunsAFrozenStageAskedForLiveOnCachedFeaturesAndSaysSo() {
        RunSettings laptop =
                RunSettings.of(
                        Env.of(Map.of("COURSE_MODE", "laptop", "COURSE_LESSON", "03"), root));
        assertEquals(Optional.of(FrozenBackbone.CACHED_FEATURES), laptop.frozenStages());
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner =
                        learner(model, FeatureFixtures.augmenting())
                                .optRunSettings(laptop)
                                .build()) {
            String out =
                    FeatureFixtures.stdout(() -> learner.setFrozenBackbone(FrozenBackbone.LIVE));
            assertTrue(out.contains("CACHED_FEATURES (laptop mode"), out);
            assertEquals(FrozenBackbone.CACHED_FEATURES, learner.frozenBackbone());
            learner.freeze();
            learner.setStage("frozen");
            learner.fit(3); // the plan caps fits at 1 epoch, but not cached ones
            learner.unfreeze();
            learner.setStage("unfrozen");
            History h = learner.fit(3);
            assertEquals(List.of("frozen", "frozen", "frozen", "unfrozen"), h.stages());
        }
        RunSettings full = RunSettings.of(Env.of(Map.of("COURSE_LESSON", "03"), root));
        assertEquals(Optional.empty(), full.frozenStages());
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner = learner(model, FeatureFixtures.augmenting()).build()) {
            String out =
                    FeatureFixtures.stdout(() -> learner.setFrozenBackbone(FrozenBackbone.LIVE));
            assertTrue(out.contains("run LIVE"), out);
            assertEquals(FrozenBackbone.LIVE, learner.frozenBackbone());
        }
        RunSettings lesson07 =
                RunSettings.of(
                        Env.of(Map.of("COURSE_MODE", "laptop", "COURSE_LESSON", "07"), root));
        assertEquals(Optional.empty(), lesson07.frozenStages(), "07 compares live with cached");
    }

    @Test
    void cachedFeaturesNeedALearnerBuiltFromAClassifier() {
        try (ImageClassifier model = FeatureFixtures.model();
                Learner learner =
                        Learner.builder()
                                .setModel(model.block())
                                .setData(train(FeatureFixtures.evaluation()), valid())
                                .optRunSettings(RunSettings.full(SEED))
                                .optNoProgress()
                                .build()) {
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () -> learner.setFrozenBackbone(FrozenBackbone.CACHED_FEATURES));
            assertTrue(e.getMessage().contains("setModel(ImageClassifier)"), e.getMessage());
        }
    }
}
