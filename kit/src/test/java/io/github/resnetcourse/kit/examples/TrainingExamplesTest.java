package io.github.resnetcourse.kit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.eval.EvalResult;
import io.github.resnetcourse.kit.train.Checkpoint;
import io.github.resnetcourse.kit.train.EarlyStopping;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Learner;
import io.github.resnetcourse.kit.train.Losses;
import io.github.resnetcourse.kit.train.Metric;
import io.github.resnetcourse.kit.train.OptimizerFactory;
import io.github.resnetcourse.kit.train.Progress;
import io.github.resnetcourse.kit.train.ReduceLrOnPlateau;
import io.github.resnetcourse.kit.train.SaveBestModel;
import io.github.resnetcourse.kit.train.StepLr;
import io.github.resnetcourse.kit.train.StopReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebook-style examples of the training API, compiled and run with the tests: each reads like a
 * lesson's cells and asserts what the lesson claims. (Named *Test so surefire runs it.)
 */
class TrainingExamplesTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /**
     * Coloured-shape images, 3×16×16: class 0 = red square, 1 = green bar, 2 = blue cross, at
     * random positions with noise. Learnable, but not by a single pixel.
     */
    private ArrayDataset shapes(
            int n, int batch, long seed, boolean shuffle, boolean randomLabels) {
        Random r = new Random(seed);
        int s = 16;
        float[] x = new float[n * 3 * s * s];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = i % 3;
            int ox = r.nextInt(8);
            int oy = r.nextInt(8);
            int base = i * 3 * s * s;
            for (int j = 0; j < 3 * s * s; j++) {
                x[base + j] = (float) (r.nextGaussian() * 0.3);
            }
            for (int a = 0; a < 8; a++) {
                for (int b = 0; b < 8; b++) {
                    boolean on =
                            switch (k) {
                                case 0 -> true;
                                case 1 -> b >= 3 && b <= 4;
                                default -> a == b || a == 7 - b;
                            };
                    if (on) {
                        x[base + k * s * s + (oy + a) * s + ox + b] += 1f;
                    }
                }
            }
            y[i] = randomLabels ? r.nextInt(3) : k;
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(n, 3, s, s)))
                .optLabels(manager.create(y, new Shape(n)))
                .setSampling(batch, shuffle)
                .build();
    }

    private static SequentialBlock smallCnn() {
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(8)
                                .build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(16)
                                .build())
                .add(Activation::relu)
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
    }

    private static String captureStdout(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        old.print(s);
        return s;
    }

    @Test
    void aSmallCnnLearnsColouredShapes() {
        // Cells of a lesson: data, model, learner, fit, evaluate.
        var train = shapes(150, 15, 1, true, false);
        var test = shapes(60, 30, 2, false, false);
        try (Learner learn =
                Learner.builder()
                        .setModel(smallCnn())
                        .setData(train, test)
                        .optOptimizer(OptimizerFactory.adam(1e-4))
                        .optLearningRate(1e-2)
                        .optSchedule(ReduceLrOnPlateau.onValidLoss().factor(0.5).patience(2))
                        .optCallbacks(Progress.everyBatches(5))
                        .build()) {
            History h = learn.fit(5);
            EvalResult r = learn.validate();
            System.out.println("test: " + r);
            // Chance is 33 %; the run must clearly learn.
            assertTrue(r.accuracy() > 0.8, "test accuracy " + r.accuracy());
            assertTrue(h.trainLoss()[4] < h.trainLoss()[0], "training loss falls");
            assertEquals(5, h.toTable().rowCount());
        }
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        // Validation labels are random, so the validation loss soon rises: overfitting.
        var train = shapes(120, 20, 3, true, false);
        var valid = shapes(60, 30, 4, false, true);
        EarlyStopping stopper = EarlyStopping.onValidLoss().patience(2).minDelta(0.001);
        String out =
                captureStdout(
                        () -> {
                            try (Learner learn =
                                    Learner.builder()
                                            .setModel(smallCnn())
                                            .setData(train, valid)
                                            .optLearningRate(3e-2)
                                            .optSchedule(StepLr.of(7, 0.5))
                                            .optCallbacks(stopper)
                                            .optNoProgress()
                                            .build()) {
                                learn.fit(25);
                                assertEquals(StopReason.EARLY_STOPPED, learn.lastStopReason());
                                int epochs = learn.history().epochs().size();
                                assertTrue(epochs < 25, "stopped after " + epochs + " epochs");
                                double best =
                                        learn.history()
                                                .best(Metric.VALID_LOSS)
                                                .orElseThrow()
                                                .validLoss();
                                assertEquals(best, stopper.bestValue(), 1e-12);
                                // The weights now in the model are the best epoch's.
                                assertEquals(best, learn.validate().loss(), 1e-5);
                            }
                        });
        assertTrue(out.contains("Validation loss decreased (inf --> "), out);
        assertTrue(out.contains(").  Saving model ..."), out);
        assertTrue(out.contains("EarlyStopping counter: 2 out of 2"), out);
    }

    @Test
    void aCheckpointSurvivesAnInterruptedRunAndResumes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("best.ckpt");
        var train = shapes(120, 12, 5, true, false);
        var test = shapes(60, 30, 6, false, false);
        CountDownLatch thirdEpoch = new CountDownLatch(1);
        Learner[] holder = new Learner[1];
        Thread trainer =
                new Thread(
                        () -> {
                            try (Learner learn =
                                    Learner.builder()
                                            .setModel(smallCnn())
                                            .setData(train, test)
                                            .optLearningRate(1e-2)
                                            .optCallbacks(
                                                    SaveBestModel.to(file),
                                                    new io.github.resnetcourse.kit.train
                                                            .Callback() {
                                                        @Override
                                                        public void beforeBatch(
                                                                Learner l, int epoch, int batch) {
                                                            if (epoch == 3 && batch == 5) {
                                                                thirdEpoch.countDown();
                                                                // Wait for the interrupt, like a
                                                                // busy batch in a notebook.
                                                                long until =
                                                                        System.nanoTime()
                                                                                + 5_000_000_000L;
                                                                while (!Thread.currentThread()
                                                                                .isInterrupted()
                                                                        && System.nanoTime()
                                                                                < until) {
                                                                    Thread.onSpinWait();
                                                                }
                                                            }
                                                        }
                                                    })
                                            .optNoProgress()
                                            .build()) {
                                holder[0] = learn;
                                learn.fit(10);
                                assertTrue(
                                        Thread.currentThread().isInterrupted(),
                                        "interrupt re-asserted");
                            }
                        });
        trainer.start();
        assertTrue(thirdEpoch.await(60, TimeUnit.SECONDS), "training reached epoch 3");
        trainer.interrupt();
        trainer.join(60_000);
        Learner stopped = holder[0];
        assertEquals(StopReason.INTERRUPTED, stopped.lastStopReason());
        assertEquals(2, stopped.history().epochs().size(), "two whole epochs kept");
        assertTrue(stopped.history().batches().size() >= 2 * 10 + 4, "batches of epoch 3 kept");

        Checkpoint ckpt = Checkpoint.read(file);
        assertTrue(Files.isRegularFile(file));
        assertTrue(ckpt.epoch() >= 1 && ckpt.epoch() <= 2);
        assertEquals(Metric.VALID_ACCURACY, ckpt.metric());
        assertTrue(ckpt.optimizer().contains("Adam"), ckpt.optimizer());
        try (Learner resumed =
                Learner.builder()
                        .setModel(smallCnn())
                        .setData(train, test)
                        .optNoProgress()
                        .build()) {
            ckpt.resume(resumed);
            assertEquals(ckpt.metricValue(), resumed.validate().accuracy(), 1e-9);
            History h = resumed.fit(1);
            assertEquals(ckpt.epoch() + 1, h.last().orElseThrow().epoch());
        }
    }

    @Test
    void nllOnALogSoftmaxHeadTrainsLikeCrossEntropyOnLogits() {
        var train = shapes(60, 20, 7, false, false);
        double[] ce;
        try (Learner l =
                Learner.builder()
                        .setModel(smallCnn())
                        .setData(train, null)
                        .optNoProgress()
                        .build()) {
            ce = l.fit(1).batchLosses();
        }
        SequentialBlock withLogSoftmax =
                smallCnn().add(x -> new ai.djl.ndarray.NDList(x.head().logSoftmax(1)));
        try (Learner l =
                Learner.builder()
                        .setModel(withLogSoftmax)
                        .setData(train, null)
                        .optLoss(Losses.nll())
                        .optNoProgress()
                        .build()) {
            double[] nll = l.fit(1).batchLosses();
            for (int i = 0; i < ce.length; i++) {
                assertEquals(ce[i], nll[i], 1e-4, "batch " + i);
            }
        }
    }
}
