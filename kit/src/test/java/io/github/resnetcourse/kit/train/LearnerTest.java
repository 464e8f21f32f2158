package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loop's mechanics: stepping, freezing, accumulation, seeds, guards, memory. */
class LearnerTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Learner.Builder blobs(int n, int batch, boolean shuffle) {
        return Learner.builder()
                .setModel(Blobs.model())
                .setData(
                        Blobs.dataset(manager, n, batch, 1, shuffle, false),
                        Blobs.dataset(manager, 60, 30, 2, false, false))
                .optNoProgress()
                .optSeed(7);
    }

    private static List<float[]> weights(Learner l) {
        List<float[]> w = new ArrayList<>();
        for (Pair<String, Parameter> p : l.block().getParameters()) {
            w.add(p.getValue().getArray().toFloatArray());
        }
        return w;
    }

    @Test
    void theLearningRateHasOneHomeTheLearner() {
        // An optimizer that brings its own rate is refused, naming the fix.
        Adam withRate = Adam.builder().optLearningRate(0.1).build();
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> blobs(60, 20, true).optOptimizer(withRate));
        assertTrue(e.getMessage().startsWith("The learning rate has one home, the learner"));
        assertTrue(e.getMessage().contains("optLearningRate(0.1)"), e.getMessage());
        // Without one, the optimizer's rate is derived: the learner's, handed to every step.
        Adam adam = Adam.builder().optWeightDecay(1e-4).build();
        try (Learner l = blobs(60, 20, true).optOptimizer(adam).optLearningRate(0.02).build()) {
            assertEquals(0.02, l.learningRate());
            l.fit(1);
            assertEquals(0.02f, adam.getLearningRate());
            l.setLearningRate(0.005);
            l.fit(1);
            assertEquals(0.005f, adam.getLearningRate());
        }
        try (Learner l = blobs(60, 20, true).build()) {
            assertEquals(1e-3, l.learningRate(), "PyTorch's Adam default");
        }
    }

    @Test
    void theRunSettingsAreHandedToTheBuilderNotReadInside() {
        // Smoke mode's cap and the seed come in through the builder's RunSettings.
        double[] capped;
        try (Learner l =
                Learner.builder()
                        .setModel(Blobs.model())
                        .setData(Blobs.dataset(manager, 60, 20, 1, true, false), null)
                        .optNoProgress()
                        .optRunSettings(new RunSettings(3, Optional.of(2), Optional.empty()))
                        .build()) {
            assertEquals(2, l.batchesPerEpoch().orElseThrow());
            capped = l.fit(2).batchLosses();
            assertEquals(4, capped.length, "two batches per epoch, the run mode's cap");
        }
        // optSeed and optMaxBatches say the same thing by hand: the same run, batch for batch.
        try (Learner l =
                Learner.builder()
                        .setModel(Blobs.model())
                        .setData(Blobs.dataset(manager, 60, 20, 1, true, false), null)
                        .optNoProgress()
                        .optRunSettings(RunSettings.full(99))
                        .optSeed(3)
                        .optMaxBatches(2)
                        .build()) {
            assertArrayEquals(capped, l.fit(2).batchLosses(), 0.0);
        }
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new RunSettings(1, Optional.of(0), Optional.empty()));
        assertEquals("maxBatches=0 must be >= 1.", e.getMessage());
    }

    @Test
    void buildingTwiceFromOneBuilderGivesLearnersAlikeNotOneWithDoubledCallbacks() {
        Learner.Builder builder =
                Learner.builder()
                        .setModel(Blobs.model())
                        .setData(Blobs.dataset(manager, 60, 20, 1, true, false), null)
                        .optRunSettings(new RunSettings(3, Optional.of(2), Optional.of(1)));
        try (Learner first = builder.build();
                Learner second =
                        builder.optRunSettings(RunSettings.full(3)).optMaxBatches(3).build()) {
            assertEquals(first.callbacks().size(), second.callbacks().size());
            assertEquals(2, first.batchesPerEpoch().orElseThrow());
            assertEquals(3, second.batchesPerEpoch().orElseThrow(), "not the first build's cap");
            assertEquals(1, first.fit(2).epochs().size(), "the first build's epoch cap");
            assertEquals(2, second.fit(2).epochs().size(), "the second build has none");
        }
    }

    @Test
    void theLearnerStepsTheScheduleEveryEpoch() {
        try (Learner l =
                blobs(60, 20, true).optLearningRate(0.1).optSchedule(StepLr.of(2, 0.1)).build()) {
            History h = l.fit(5);
            assertArrayEquals(new double[] {0.1, 0.1, 0.01, 0.01, 0.001}, h.learningRates(), 1e-12);
            assertEquals(15, h.batches().size());
            assertEquals(15, h.batches().get(14).iteration());
        }
    }

    @Test
    void gradientAccumulationEqualsOneBigBatch() {
        // SGD without momentum: two accumulated half batches must give the full batch's step.
        List<float[]> accumulated;
        try (Learner l =
                blobs(16, 8, false)
                        .optOptimizer(OptimizerFactory.sgd(0))
                        .optLearningRate(0.5)
                        .optGradientAccumulation(2)
                        .build()) {
            l.fit(1);
            accumulated = weights(l);
        }
        List<float[]> big;
        try (Learner l =
                blobs(16, 16, false)
                        .optOptimizer(OptimizerFactory.sgd(0))
                        .optLearningRate(0.5)
                        .build()) {
            l.fit(1);
            big = weights(l);
        }
        for (int i = 0; i < big.size(); i++) {
            assertArrayEquals(big.get(i), accumulated.get(i), 1e-5f, "parameter " + i);
        }
    }

    @Test
    void oneSeedGivesTheSameRunTwice() {
        double[] first;
        try (Learner l = blobs(90, 15, true).build()) {
            first = l.fit(2).batchLosses();
        }
        try (Learner l = blobs(90, 15, true).build()) {
            assertArrayEquals(first, l.fit(2).batchLosses(), 0.0);
        }
        try (Learner l = blobs(90, 15, true).optSeed(8).build()) {
            assertNotEquals(first[0], l.fit(1).batchLosses()[0]);
        }
    }

    @Test
    void fineTuneTrainsOnlyTheHeadWhileFrozenThenEverythingAtTheNewRate() {
        try (Learner l = blobs(60, 20, true).optLearningRate(0.01).build()) {
            Blobs.SplitMlp m = (Blobs.SplitMlp) l.block();
            float[] bodyBefore = m.body().getParameters().valueAt(0).getArray().toFloatArray();
            float[] headBefore = m.head().getParameters().valueAt(0).getArray().toFloatArray();
            l.freeze();
            l.setStage("frozen");
            l.fit(1);
            assertArrayEquals(
                    bodyBefore, m.body().getParameters().valueAt(0).getArray().toFloatArray());
            assertNotEquals(
                    headBefore[0],
                    m.head().getParameters().valueAt(0).getArray().toFloatArray()[0]);
            History h = l.fineTune(3, 0, 1e-3);
            assertEquals(List.of("frozen", "unfrozen", "unfrozen", "unfrozen"), h.stages());
            assertEquals(List.of(2), h.stageBoundaries());
            assertEquals(1e-3, h.learningRates()[3], 1e-15);
            assertNotEquals(
                    bodyBefore[0],
                    m.body().getParameters().valueAt(0).getArray().toFloatArray()[0]);
        }
    }

    @Test
    void discriminativeRatesScaleTheBodyOnly() {
        try (Learner l = blobs(60, 20, true).optLearningRate(0.01).build()) {
            Blobs.SplitMlp m = (Blobs.SplitMlp) l.block();
            l.setBodyLrFactor(0.1);
            LearningRate lr = l.learningRateTracker();
            String bodyId = m.body().getParameters().valueAt(0).getId();
            String headId = m.head().getParameters().valueAt(0).getId();
            assertEquals(0.001, lr.getNewValue(bodyId, 1), 1e-9);
            assertEquals(0.01, lr.getNewValue(headId, 1), 1e-9);
        }
    }

    @Test
    void aNonFiniteLossStopsAtTheFirstBadBatch() {
        float[] x = new float[20 * Blobs.DIM];
        x[0] = Float.NaN;
        ArrayDataset bad =
                new ArrayDataset.Builder()
                        .setData(manager.create(x, new Shape(20, Blobs.DIM)))
                        .optLabels(manager.zeros(new Shape(20)))
                        .setSampling(10, false)
                        .build();
        try (Learner l =
                Learner.builder()
                        .setModel(Blobs.model())
                        .setData(bad, null)
                        .optNoProgress()
                        .build()) {
            l.fit(3);
            assertEquals(StopReason.NON_FINITE_LOSS, l.lastStopReason());
            assertEquals(1, l.history().batches().size());
            assertTrue(l.lastStopMessage().contains("NaN"), l.lastStopMessage());
        }
    }

    @Test
    void smokeCapLimitsBatchesPerEpoch() {
        try (Learner l = blobs(90, 10, true).optMaxBatches(4).build()) {
            assertEquals(4, l.batchesPerEpoch().getAsInt());
            assertEquals(4, l.fit(1).epochs().get(0).batches());
        }
    }

    @Test
    void memoryStaysFlatAcrossEpochs() {
        List<Integer> counts = new ArrayList<>();
        try (Learner l =
                blobs(90, 10, true)
                        .optCallbacks(
                                new Callback() {
                                    @Override
                                    public void afterEpoch(Learner learner, EpochRecord r) {
                                        counts.add(
                                                learner.model()
                                                        .getNDManager()
                                                        .getManagedArrays()
                                                        .size());
                                    }
                                })
                        .build()) {
            l.fit(6);
        }
        // Epoch 1 creates the optimizer state; after that nothing may accumulate.
        for (int i = 2; i < counts.size(); i++) {
            assertEquals(
                    counts.get(1),
                    counts.get(i),
                    "live arrays after epoch " + (i + 1) + ": " + counts);
        }
    }

    @Test
    void mixedPrecisionIsReportedUnavailableOnCpu() {
        try (Learner l = blobs(30, 10, true).optPrecision(Precision.MIXED).build()) {
            assertEquals(Precision.FLOAT32, l.precision());
        }
    }

    @Test
    void sgdWithMomentumFromDjlIsDrivenByTheLearnerRate() {
        try (Learner l =
                blobs(60, 20, true)
                        .optOptimizer(
                                lr ->
                                        Optimizer.sgd()
                                                .setLearningRateTracker(lr)
                                                .optMomentum(0.9f)
                                                .build())
                        .optLearningRate(0.0)
                        .build()) {
            float[] before = l.block().getParameters().valueAt(0).getArray().toFloatArray();
            l.fit(1);
            NDArray after = l.block().getParameters().valueAt(0).getArray();
            assertArrayEquals(before, after.toFloatArray(), "lr 0 must leave the weights alone");
        }
    }

    @Test
    void fitContinuesWithANewOptimizerAndScheduleKeepingTheWeights() {
        try (Learner l = blobs(60, 20, true).optLearningRate(0.05).build()) {
            l.fit(1);
            List<float[]> afterAdam = weights(l);
            // Seed 001's second stage: a new optimizer and a new StepLR; lr 0 proves the new
            // optimizer (fresh momentum) is the one stepping and that the weights carried over.
            l.setOptimizer(OptimizerFactory.sgd(0.9));
            l.setLearningRate(0);
            History h = l.fit(2, StepLr.of(1, 0.5));
            for (int i = 0; i < afterAdam.size(); i++) {
                assertArrayEquals(afterAdam.get(i), weights(l).get(i));
            }
            assertEquals(3, h.epochs().size());
            assertTrue(l.optimizer() instanceof io.github.resnetcourse.kit.optim.Sgd);
        }
    }
}
