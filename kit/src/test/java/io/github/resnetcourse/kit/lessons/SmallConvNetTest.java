package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.Test;

class SmallConvNetTest {
    private static final Shape INPUT = new Shape(2, 3, 16, 16);

    @Test
    void mapsImagesToOneLogitPerClass() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = SmallConvNet.create(6);
            net.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            net.initialize(m, DataType.FLOAT32, INPUT);
            NDArray out = forward(net, m.randomNormal(INPUT));
            assertEquals(new Shape(2, 6), out.getShape());
            // conv 3*3*3*16+16, BN 2*16, conv 16*9*32+32, BN 64, conv 32*9*32+32, BN 64, fc 32*6+6
            long expected = 448 + 32 + 4640 + 64 + 9248 + 64 + 198;
            long count =
                    net.getParameters().values().stream()
                            .filter(p -> p.requiresGradient())
                            .mapToLong(p -> p.getArray().size())
                            .sum();
            assertEquals(expected, count);
        }
    }

    @Test
    void pretrainedBackboneCarriesTheWeightsAndGetsANewHead() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock upstream = SmallConvNet.create(8);
            upstream.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            upstream.initialize(m, DataType.FLOAT32, INPUT);
            SequentialBlock downstream = SmallConvNet.withPretrainedBackbone(upstream, 6, m);
            downstream.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            downstream.initialize(m, DataType.FLOAT32, INPUT);

            NDArray x = m.randomNormal(INPUT);
            NDArray a = forward(SmallConvNet.backboneOf(upstream), x);
            NDArray b = forward(SmallConvNet.backboneOf(downstream), x);
            assertTrue(a.allClose(b), "the copied backbone must compute the same features");
            assertEquals(new Shape(2, 6), forward(downstream, x).getShape());

            // A copy, not a shared block: changing the source leaves the copy alone.
            NDArray w = SmallConvNet.backboneOf(upstream).getParameters().valueAt(0).getArray();
            w.muli(0);
            assertFalse(forward(SmallConvNet.backboneOf(downstream), x).allClose(a.mul(0)));
        }
    }

    @Test
    void refusesAnUntrainedSourceAndSingleClassHeads() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    SmallConvNet.withPretrainedBackbone(
                                            SmallConvNet.create(8), 6, m));
            assertTrue(e.getMessage().contains("not initialised"));
            assertThrows(IllegalArgumentException.class, () -> SmallConvNet.create(1));
        }
    }

    private static NDArray forward(ai.djl.nn.Block block, NDArray x) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
                .singletonOrThrow();
    }
}
