package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lesson 03 reloads its best checkpoint into the kit model itself, as load_state_dict does. */
class CheckpointIntoClassifierTest {
    @TempDir Path dir;

    @Test
    void theStoredWeightsGoBackIntoAFreshClassifierOfTheSameArchitecture() {
        Path file = dir.resolve("best.ckpt");
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier trained = ResNets.cifar(8, Shortcuts.RESIDUAL);
                ImageClassifier fresh = ResNets.cifar(8, Shortcuts.RESIDUAL)) {
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(m.randomUniform(0f, 1f, new Shape(8, 3, 32, 32)))
                            .optLabels(m.create(new float[] {0, 1, 2, 3, 4, 5, 6, 7}))
                            .setSampling(4, false)
                            .build();
            try (Learner l =
                    Learner.builder()
                            .setModel(trained)
                            .setData(data, null)
                            .optNoProgress()
                            .build()) {
                l.fit(1);
                Checkpoint.save(file, l);
            }
            String conv = "conv1.weight";
            float[] want = trained.namedParameters().get(conv).getArray().toFloatArray();
            assertFalse(
                    Arrays.equals(
                            want, fresh.namedParameters().get(conv).getArray().toFloatArray()));
            Checkpoint.read(file).loadWeightsInto(fresh);
            assertArrayEquals(want, fresh.namedParameters().get(conv).getArray().toFloatArray());
        }
    }
}
