package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.models.FreezableBatchNorm;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ParameterGroup;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One place freezes: the model declares its parameter groups, the learner freezes a prefix of them
 * (fastai's {@code freeze}, {@code freeze_to}) and unfreezes.
 */
class FreezeTest {

    private static ArrayDataset images(NDManager m) {
        Reproducibility.seed(3);
        return new ArrayDataset.Builder()
                .setData(m.randomNormal(new ai.djl.ndarray.types.Shape(8, 3, 32, 32)))
                .optLabels(m.create(new float[] {0, 1, 2, 3, 4, 5, 6, 7}))
                .setSampling(4, false)
                .build();
    }

    /** A quiet learner for {@code net} on {@link #images}. */
    private static Learner learner(ImageClassifier net, NDManager m) {
        return Learner.builder().setModel(net).setData(images(m), null).optNoProgress().build();
    }

    @Test
    void theLearnerFreezesAPrefixOfTheModelsGroupsAndUnfreezes() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(8, Shortcuts.RESIDUAL);
                Learner l = learner(net, m)) {
            List<ParameterGroup> groups = net.parameterGroups();
            assertEquals(List.of("stem", "layer1", "layer2", "layer3", "fc"), l.groupNames());
            long head = groups.get(4).parameterCount();
            long layer3 = groups.get(3).parameterCount();

            l.freeze();
            assertEquals(head, l.trainableParameterCount(), "freeze(): the head alone trains");
            l.freezeThrough("layer2");
            assertEquals(layer3 + head, l.trainableParameterCount(), "layer3 and the head train");
            l.freezeTo(-2);
            assertEquals(layer3 + head, l.trainableParameterCount(), "freezeTo(-2) is the same");
            l.unfreeze();
            assertEquals(net.parameterCount(), l.trainableParameterCount());

            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> l.freezeThrough("layer9"));
            assertTrue(
                    e.getMessage().contains("[stem, layer1, layer2, layer3, fc]"), e.getMessage());
        }
    }

    @Test
    void frozenGroupsKeepTheirWeightsWhileTheirRunningStatisticsUpdateAsInPyTorch() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(8, Shortcuts.RESIDUAL);
                Learner l = learner(net, m)) {
            l.freeze();
            float[] conv = net.namedParameters().get("conv1.weight").getArray().toFloatArray();
            float[] mean = net.namedParameters().get("bn1.runningMean").getArray().toFloatArray();
            float[] fc = net.namedParameters().get("fc.weight").getArray().toFloatArray();
            l.fit(1);
            assertArrayEquals(
                    conv, net.namedParameters().get("conv1.weight").getArray().toFloatArray());
            assertFalse(
                    Arrays.equals(
                            mean,
                            net.namedParameters().get("bn1.runningMean").getArray().toFloatArray()),
                    "the seeds' PyTorch trains in train() mode: a frozen body's BN statistics move");
            assertFalse(
                    Arrays.equals(
                            fc, net.namedParameters().get("fc.weight").getArray().toFloatArray()));
        }
    }

    /** The batch-norm layer whose scale is the parameter {@code name} ("bn1.gamma"). */
    private static FreezableBatchNorm batchNorm(ImageClassifier net, String name) {
        ai.djl.nn.Parameter gamma = net.namedParameters().get(name);
        java.util.ArrayDeque<ai.djl.nn.Block> todo = new java.util.ArrayDeque<>();
        todo.add(net.body());
        while (!todo.isEmpty()) {
            ai.djl.nn.Block b = todo.pop();
            if (b instanceof FreezableBatchNorm bn && bn.gamma() == gamma) {
                return bn;
            }
            b.getChildren().values().forEach(todo::add);
        }
        throw new AssertionError("no batch norm with " + name);
    }

    private static float[] value(ImageClassifier net, String name) {
        return net.namedParameters().get(name).getArray().toFloatArray();
    }

    @Test
    void withFrozenStatisticsAFrozenGroupKeepsItsRunningStatisticsAsInKerasAndUnfreezeUndoesIt() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(8, Shortcuts.RESIDUAL);
                Learner l = learner(net, m)) {
            l.freezeThrough("layer1", BatchNormWhenFrozen.FROZEN_STATISTICS);
            assertEquals(BatchNormWhenFrozen.FROZEN_STATISTICS, l.batchNormWhenFrozen());
            float[] stemMean = value(net, "bn1.runningMean");
            float[] stemVar = value(net, "bn1.runningVar");
            float[] layer1Mean = value(net, "layer1.0.bn1.runningMean");
            float[] layer2Mean = value(net, "layer2.0.bn1.runningMean");
            l.fit(1);
            assertArrayEquals(stemMean, value(net, "bn1.runningMean"), "frozen: statistics kept");
            assertArrayEquals(stemVar, value(net, "bn1.runningVar"));
            assertArrayEquals(layer1Mean, value(net, "layer1.0.bn1.runningMean"));
            assertFalse(
                    Arrays.equals(layer2Mean, value(net, "layer2.0.bn1.runningMean")),
                    "a group that trains still updates its statistics");

            l.unfreeze();
            assertEquals(BatchNormWhenFrozen.TRAINING_STATISTICS, l.batchNormWhenFrozen());
            l.fit(1);
            assertFalse(
                    Arrays.equals(stemMean, value(net, "bn1.runningMean")),
                    "unfrozen: the stem normalises by the batch and updates its statistics again");
        }
    }

    @Test
    void aFrozenBodyWithFrozenStatisticsComputesInTrainingWhatInferenceComputes() {
        // With the whole body frozen (ResNet-8 has no dropout), a training pass with
        // FROZEN_STATISTICS is an inference pass (Keras' frozen BatchNormalization); with the
        // default it is not (PyTorch's train() mode normalises by the batch).
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(8, Shortcuts.RESIDUAL);
                Learner l = learner(net, m)) {
            l.fit(1); // running statistics away from their initial 0 and 1
            ai.djl.ndarray.NDArray x = m.randomNormal(new ai.djl.ndarray.types.Shape(4, 3, 32, 32));
            l.freeze();
            float[] inference = net.predict(x).toFloatArray();
            assertFalse(
                    Arrays.equals(inference, trainingPass(l, x)),
                    "TRAINING_STATISTICS: a frozen layer still normalises by the batch");
            l.freeze(BatchNormWhenFrozen.FROZEN_STATISTICS);
            assertEquals(
                    FreezableBatchNorm.Mode.RUNNING_STATISTICS, batchNorm(net, "bn1.gamma").mode());
            inference = net.predict(x).toFloatArray(); // the pass above moved the statistics
            float[] before = value(net, "bn1.runningMean");
            assertArrayEquals(inference, trainingPass(l, x), 1e-5f);
            assertArrayEquals(before, value(net, "bn1.runningMean"));
        }
    }

    private static float[] trainingPass(Learner l, ai.djl.ndarray.NDArray x) {
        var ps = new ai.djl.training.ParameterStore(x.getManager(), false);
        return l.block().forward(ps, new ai.djl.ndarray.NDList(x), true).head().toFloatArray();
    }

    @Test
    void aCheckpointKeepsWhatFrozenBatchNormDoes(@TempDir Path dir) {
        Path file = dir.resolve("frozen.ckpt");
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(8, Shortcuts.RESIDUAL);
                Learner l = learner(net, m)) {
            l.freezeThrough("layer1", BatchNormWhenFrozen.FROZEN_STATISTICS);
            l.fit(1);
            Checkpoint.save(file, l);
        }
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(8, Shortcuts.RESIDUAL);
                Learner l = learner(net, m)) {
            Checkpoint.read(file).resume(l);
            assertEquals(BatchNormWhenFrozen.FROZEN_STATISTICS, l.batchNormWhenFrozen());
            assertEquals(
                    FreezableBatchNorm.Mode.RUNNING_STATISTICS, batchNorm(net, "bn1.gamma").mode());
            assertEquals(
                    FreezableBatchNorm.Mode.BATCH_STATISTICS,
                    batchNorm(net, "layer2.0.bn1.gamma").mode());
        }
        assertTrue(Files.exists(file));
    }

    @Test
    void frozenStatisticsRefuseDjlsBatchNormByName() {
        SequentialBlock own =
                new SequentialBlock()
                        .add(
                                Conv2d.builder()
                                        .setKernelShape(new ai.djl.ndarray.types.Shape(3, 3))
                                        .setFilters(4)
                                        .build())
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(ai.djl.nn.Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(8).build());
        try (NDManager m = NDManager.newBaseManager();
                Learner l =
                        Learner.builder()
                                .setModel(own)
                                .setData(images(m), null)
                                .optHeadParameters(name -> name.startsWith("05"))
                                .optNoProgress()
                                .build()) {
            l.freeze(); // PyTorch's behaviour works with any batch norm
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> l.freeze(BatchNormWhenFrozen.FROZEN_STATISTICS));
            assertTrue(e.getMessage().contains("'02BatchNorm'"), e.getMessage());
            assertTrue(e.getMessage().contains("FreezableBatchNorm"), e.getMessage());
        }
    }
}
