package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.resnetcourse.kit.optim.Adam;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class ChannelsLastTest {

    private static Block net() {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(2).build());
    }

    @Test
    void convertsOnlyFourDimensionalParametersAndKeepsTheirValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = net();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 2, 5, 5));
            NDArray kernel = net.getParameters().get(0).getValue().getArray();
            float[] before = kernel.toFloatArray();
            assertEquals(
                    1, ChannelsLast.convertAll(net), "one conv kernel; bias and linear untouched");
            assertEquals(new Shape(4, 2, 3, 3), kernel.getShape());
            assertArrayEquals(before, kernel.toFloatArray(), 0f);
            assertEquals(1, ChannelsLast.convertAll(net), "idempotent");
            assertArrayEquals(before, kernel.toFloatArray(), 0f);
        }
    }

    @Test
    void trainingIsUnchangedByTheLayoutEvenWhenGradientsAndMomentsPredateIt() {
        // Two identical networks take 3 Adam steps; one is converted after its first step, when
        // its gradients and Adam moments already exist in the old layout.
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDArray x = m.randomNormal(new Shape(3, 2, 5, 5));
            Block plain = net();
            Block converted = net();
            plain.initialize(m, DataType.FLOAT32, new Shape(1, 2, 5, 5));
            converted.initialize(m, DataType.FLOAT32, new Shape(1, 2, 5, 5));
            for (int i = 0; i < plain.getParameters().size(); i++) {
                plain.getParameters()
                        .get(i)
                        .getValue()
                        .getArray()
                        .copyTo(converted.getParameters().get(i).getValue().getArray());
            }
            Adam a = Adam.builder().optLearningRate(0.1f).build();
            Adam b = Adam.builder().optLearningRate(0.1f).build();
            for (int step = 0; step < 3; step++) {
                train(plain, a, x, m);
                if (step == 0) {
                    ChannelsLast.convertAll(converted);
                }
                train(converted, b, x, m);
            }
            for (int i = 0; i < plain.getParameters().size(); i++) {
                assertArrayEquals(
                        plain.getParameters().get(i).getValue().getArray().toFloatArray(),
                        converted.getParameters().get(i).getValue().getArray().toFloatArray(),
                        1e-6f,
                        plain.getParameters().get(i).getKey());
            }
        }
    }

    private static void train(Block net, Adam adam, NDArray x, NDManager m) {
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray out =
                    net.forward(new ParameterStore(m, false), new NDList(x), true)
                            .singletonOrThrow();
            c.backward(out.square().sum());
        }
        adam.step(new ArrayList<>(net.getParameters().values()));
    }
}
