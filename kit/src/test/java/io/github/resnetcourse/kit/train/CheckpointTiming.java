package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures a ResNet-18 checkpoint with Adam state: file size, save time, read + resume time,
 * without early stopping, with early stopping at its best (the weights compared, stored once) and
 * with its counter running (its best weights stored as well). Not a test; run by hand
 * (docs/training.md, "Checkpoints and exact resume"):
 *
 * <pre>
 * mvn -B -q -pl kit dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp kit/target/classes:kit/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.github.resnetcourse.kit.train.CheckpointTiming
 * </pre>
 */
final class CheckpointTiming {
    private CheckpointTiming() {}

    /** Improves once (from inf), then never: its counter runs from the second epoch on. */
    private static EarlyStopping stopper() {
        return EarlyStopping.on(Metric.TRAIN_LOSS).minDelta(1e9).patience(5);
    }

    private static void time(String what, Path file, Learner learn, Learner resumed) {
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            Checkpoint.save(file, learn);
            long t1 = System.nanoTime();
            Checkpoint.read(file).resume(resumed);
            long t2 = System.nanoTime();
            try {
                System.out.printf(
                        Locale.ROOT,
                        "%s, round %d: %.1f MB, save %.2f s, read + resume %.2f s%n",
                        what,
                        round,
                        Files.size(file) / 1e6,
                        (t1 - t0) / 1e9,
                        (t2 - t1) / 1e9);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ckpt-timing");
        Path file = dir.resolve("resnet18.ckpt");
        try (NDManager manager = NDManager.newBaseManager();
                ImageClassifier net = ResNets.resnet18().withHead(10);
                ImageClassifier fresh = ResNets.resnet18().withHead(10)) {
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(manager.randomUniform(0, 1, new Shape(8, 3, 32, 32)))
                            .optLabels(manager.arange(8f).mod(10))
                            .setSampling(4, false)
                            .build();
            try (Learner learn =
                            Learner.builder()
                                    .setModel(net)
                                    .setData(data, null)
                                    .optSchedule(StepLr.of(7, 0.1))
                                    .optNoProgress()
                                    .build();
                    Learner resumed =
                            Learner.builder()
                                    .setModel(fresh)
                                    .setData(data, null)
                                    .optSchedule(StepLr.of(7, 0.1))
                                    .optCallbacks(stopper())
                                    .optNoProgress()
                                    .build()) {
                learn.fit(1); // two Adam steps: every parameter has its moments
                time("no early stopping", file, learn, resumed);
                // Early stopping on the training loss that improves at epoch 1 only: at epoch 1 the
                // saved weights are its best (compared, stored once), at epoch 2 they are not
                // (its copy is stored too).
                learn.addCallback(stopper());
                learn.addCallback(
                        new Callback() {
                            @Override
                            public void afterEpoch(Learner l, EpochRecord record) {
                                time(
                                        record.epoch() == 2
                                                ? "early stopping at its best"
                                                : "early stopping counting (best weights copied)",
                                        file,
                                        l,
                                        resumed);
                            }
                        });
                learn.fit(2);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
