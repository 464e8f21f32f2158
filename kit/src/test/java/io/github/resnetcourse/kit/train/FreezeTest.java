package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ParameterGroup;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    @Test
    void theLearnerFreezesAPrefixOfTheModelsGroupsAndUnfreezes() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(8, Shortcuts.RESIDUAL);
                Learner l =
                        Learner.builder()
                                .setModel(net)
                                .setData(images(m), null)
                                .optNoProgress()
                                .build()) {
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
                Learner l =
                        Learner.builder()
                                .setModel(net)
                                .setData(images(m), null)
                                .optNoProgress()
                                .build()) {
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
}
