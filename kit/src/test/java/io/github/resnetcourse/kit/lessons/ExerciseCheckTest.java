package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.models.AlexNets;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.notebook.RunMode;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Learner;
import io.github.resnetcourse.kit.train.LrSchedule;
import io.github.resnetcourse.kit.train.Metric;
import io.github.resnetcourse.kit.train.StepLr;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every exercise check passes on the exercise's reference solution and fails, with a message that
 * says what to change, on a wrong one — on real objects: trained histories, tensors, models.
 */
class ExerciseCheckTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Three separable Gaussian blobs in 8 dimensions. */
    private ArrayDataset blobs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 8];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = i % 3;
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (j % 3 == k ? 3f : 0f) + (float) r.nextGaussian();
            }
            y[i] = k;
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(n, 8)))
                .optLabels(manager.create(y, new Shape(n)))
                .setSampling(20, false)
                .build();
    }

    private Learner learner(double lr) {
        SequentialBlock mlp =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(16).build())
                        .add(Activation::relu)
                        .add(Linear.builder().setUnits(3).build());
        return Learner.builder()
                .setModel(mlp)
                .setData(blobs(120, 1), blobs(60, 2))
                .optLearningRate(lr)
                .optRunModeCaps(io.github.resnetcourse.kit.train.RunModeCaps.IGNORE)
                .optNoProgress()
                .optSeed(3)
                .build();
    }

    @Test
    void shapeAcceptsTheRightProductAndExplainsTheWrongOne() {
        NDArray a = manager.arange(6f).reshape(2, 3);
        assertDoesNotThrow(() -> ExerciseCheck.shape(a.transpose().matMul(a), 3, 3));
        AssertionError e =
                assertThrows(
                        AssertionError.class,
                        () -> ExerciseCheck.shape(a.matMul(a.transpose()), 3, 3));
        assertTrue(e.getMessage().contains("(2, 2)"), e.getMessage());
    }

    @Test
    void runModeNamesHowToRestartJupyter() {
        Env smoke = Env.of(Map.of("COURSE_MODE", "smoke"), Path.of("."));
        Env full = Env.of(Map.of(), Path.of("."));
        assertDoesNotThrow(() -> ExerciseCheck.runMode(smoke, RunMode.SMOKE));
        AssertionError e =
                assertThrows(
                        AssertionError.class, () -> ExerciseCheck.runMode(full, RunMode.SMOKE));
        assertTrue(e.getMessage().contains("COURSE_MODE=smoke ./course lab"), e.getMessage());
    }

    @Test
    void stageEpochsCountsTheFrozenEpochsOfARealRun() {
        try (Learner l = learner(0.05)) {
            l.setStage("frozen");
            l.fit(2);
            l.setStage("unfrozen");
            History h = l.fit(1);
            assertDoesNotThrow(() -> ExerciseCheck.stageEpochs(h, "frozen", 2));
            AssertionError e =
                    assertThrows(
                            AssertionError.class, () -> ExerciseCheck.stageEpochs(h, "frozen", 4));
            assertTrue(e.getMessage().contains("[frozen, unfrozen]"), e.getMessage());
        }
    }

    @Test
    void stageEpochsAcceptsTheCappedCountUnderAnEpochCapHandedIn() {
        Env capped = Env.of(Map.of("COURSE_EPOCHS", "1"), Path.of("."));
        Env uncapped = Env.of(Map.of("COURSE_MODE", "full"), Path.of("."));
        try (Learner l = learner(0.05)) {
            l.setStage("frozen");
            History h = l.fit(1);
            assertDoesNotThrow(() -> ExerciseCheck.stageEpochs(capped, h, "frozen", 10));
            AssertionError e =
                    assertThrows(
                            AssertionError.class,
                            () -> ExerciseCheck.stageEpochs(uncapped, h, "frozen", 10));
            assertTrue(e.getMessage().contains("Expected 10 epochs"), e.getMessage());
        }
    }

    @Test
    void learningRateSeesWhetherTheRateWasLoweredAfterUnfreezing() {
        try (Learner kept = learner(1e-3);
                Learner lowered = learner(1e-3)) {
            kept.fit(1);
            History keptHistory = kept.fit(1);
            lowered.fit(1);
            lowered.setLearningRate(1e-4);
            History loweredHistory = lowered.fit(1);
            assertDoesNotThrow(() -> ExerciseCheck.learningRate(keptHistory, 2, 1e-3));
            assertThrows(
                    AssertionError.class,
                    () -> ExerciseCheck.learningRate(loweredHistory, 2, 1e-3));
            assertThrows(AssertionError.class, () -> ExerciseCheck.learningRate(keptHistory, 9, 1));
        }
    }

    @Test
    void constantLearningRateFailsOnAStepSchedule() {
        try (Learner constant = learner(0.01);
                Learner stepped = learner(0.01)) {
            constant.setStage("frozen");
            History c = constant.fit(3, LrSchedule.constant());
            stepped.setStage("frozen");
            History s = stepped.fit(3, StepLr.of(1, 0.1));
            assertDoesNotThrow(() -> ExerciseCheck.constantLearningRate(c, "frozen"));
            AssertionError e =
                    assertThrows(
                            AssertionError.class,
                            () -> ExerciseCheck.constantLearningRate(s, "frozen"));
            assertTrue(e.getMessage().contains("LrSchedule.constant()"), e.getMessage());
        }
    }

    @Test
    void aheadComparesTwoRealRunsOnTheirBestAccuracy() {
        try (Learner learns = learner(0.05);
                Learner stuck = learner(1e-7)) {
            History good = learns.fit(3);
            History none = stuck.fit(3);
            assertDoesNotThrow(
                    () ->
                            ExerciseCheck.ahead(
                                    "trained", good, "lr 1e-7", none, Metric.VALID_ACCURACY));
            assertDoesNotThrow(
                    () -> ExerciseCheck.ahead("trained", good, "lr 1e-7", none, Metric.VALID_LOSS));
            AssertionError e =
                    assertThrows(
                            AssertionError.class,
                            () ->
                                    ExerciseCheck.ahead(
                                            "lr 1e-7",
                                            none,
                                            "trained",
                                            good,
                                            Metric.VALID_ACCURACY));
            assertTrue(e.getMessage().contains("only the starting weights"), e.getMessage());
        }
    }

    @Test
    void closeAcceptsTheSameLossAndRejectsADifferentOne() {
        assertDoesNotThrow(() -> ExerciseCheck.close("loss", 4.6151, 4.6152, 1e-3));
        assertThrows(AssertionError.class, () -> ExerciseCheck.close("loss", 4.6, 4.7, 1e-3));
        assertThrows(AssertionError.class, () -> ExerciseCheck.close("loss", Double.NaN, 4, 1));
    }

    @Test
    void kernelWindowTellsTheSeedsCornerFromTheCentre() {
        try (ImageClassifier imagenet = AlexNets.alexnet();
                ImageClassifier corner =
                        AlexNets.adapt(imagenet)
                                .replaceConv("features.0", 64, 3, 1, 1)
                                .copyKernelWindow("features.0", ":, :, 1:4, 1:4")
                                .replaceMaxPool("features.2", 2, 2)
                                .setHead(Head.linear(10))
                                .build(32);
                ImageClassifier centre = AlexNets.forCifar(imagenet, 10)) {
            assertDoesNotThrow(
                    () ->
                            ExerciseCheck.kernelWindow(
                                    corner, imagenet, "features.0", ":, :, 1:4, 1:4"));
            AssertionError e =
                    assertThrows(
                            AssertionError.class,
                            () ->
                                    ExerciseCheck.kernelWindow(
                                            centre, imagenet, "features.0", ":, :, 1:4, 1:4"));
            assertTrue(e.getMessage().contains("copyKernelWindow"), e.getMessage());
            assertThrows(
                    AssertionError.class,
                    () -> ExerciseCheck.kernelWindow(centre, imagenet, "features.99", ":"));
        }
    }
}
