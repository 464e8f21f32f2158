package io.github.resnetcourse.kit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The kit's batch norm computes what DJL's computes, in training and in inference, and in {@code
 * RUNNING_STATISTICS} mode a training pass is an inference pass that leaves the statistics alone.
 */
class FreezableBatchNormTest {
    private static final Shape INPUT = new Shape(4, 3, 5, 5);

    /** Both layers get the same non-trivial scale, shift and running statistics. */
    private static void setUp(NDManager m, Block a, Block b) {
        a.initialize(m, DataType.FLOAT32, INPUT);
        b.initialize(m, DataType.FLOAT32, INPUT);
        float[][] values = {
            {1.5f, 0.5f, 2f}, {0.1f, -0.2f, 0.3f}, {0.2f, -0.1f, 0.4f}, {0.5f, 2f, 1.2f}
        };
        String[] names = {"gamma", "beta", "runningMean", "runningVar"};
        for (int i = 0; i < names.length; i++) {
            a.getParameters().get(names[i]).getArray().set(values[i]);
            b.getParameters().get(names[i]).getArray().set(values[i]);
        }
    }

    private static float[] forward(NDManager m, Block b, NDArray x, boolean training) {
        return b.forward(new ParameterStore(m, false), new NDList(x), training)
                .singletonOrThrow()
                .toFloatArray();
    }

    private static float[] stat(Block b, String name) {
        return b.getParameters().get(name).getArray().toFloatArray();
    }

    @Test
    void computesWhatDjlsBatchNormComputesWithTheSameParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            FreezableBatchNorm kit = new FreezableBatchNorm(1e-5f, 0.9f);
            BatchNorm djl = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
            setUp(m, kit, djl);
            assertEquals(djl.getParameters().keys(), kit.getParameters().keys());
            NDArray x = m.randomNormal(INPUT);
            assertArrayEquals(forward(m, djl, x, false), forward(m, kit, x, false), 1e-6f);
            assertArrayEquals(forward(m, djl, x, true), forward(m, kit, x, true), 1e-6f);
            assertArrayEquals(stat(djl, "runningMean"), stat(kit, "runningMean"), 1e-6f);
            assertArrayEquals(stat(djl, "runningVar"), stat(kit, "runningVar"), 1e-6f);
        }
    }

    @Test
    void withRunningStatisticsATrainingPassIsAnInferencePassAndLeavesTheStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            FreezableBatchNorm kit = new FreezableBatchNorm(1e-5f, 0.9f);
            BatchNorm djl = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
            setUp(m, kit, djl);
            kit.setMode(FreezableBatchNorm.Mode.RUNNING_STATISTICS);
            NDArray x = m.randomNormal(INPUT);
            float[] mean = stat(kit, "runningMean");
            float[] var = stat(kit, "runningVar");
            float[] training = forward(m, kit, x, true);
            assertArrayEquals(forward(m, djl, x, false), training, 1e-6f);
            assertArrayEquals(mean, stat(kit, "runningMean"));
            assertArrayEquals(var, stat(kit, "runningVar"));
            // By hand, channel 1: gamma (x - mean) / sqrt(var + eps) + beta.
            float[] in = x.toFloatArray();
            int at = 25 + 7; // sample 0, channel 1, position 7
            double expected = 0.5 * (in[at] + 0.1) / Math.sqrt(2 + 1e-5) - 0.2;
            assertEquals(expected, training[at], 1e-5);

            kit.setMode(FreezableBatchNorm.Mode.BATCH_STATISTICS);
            assertFalse(Arrays.equals(training, forward(m, kit, x, true)));
            assertFalse(Arrays.equals(mean, stat(kit, "runningMean")));
        }
    }

    @Test
    void refusesAnEpsilonOrMomentumOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new FreezableBatchNorm(0f, 0.9f));
        assertThrows(IllegalArgumentException.class, () -> new FreezableBatchNorm(1e-5f, 1.5f));
    }
}
