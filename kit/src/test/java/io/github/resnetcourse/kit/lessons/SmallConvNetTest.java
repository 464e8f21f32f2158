package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class SmallConvNetTest {
    private static final Shape INPUT = new Shape(2, 3, 16, 16);

    @Test
    void mapsImagesToOneLogitPerClassWithTheExpectedParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            SmallConvNet net = SmallConvNet.create(6);
            net.initialize(m, DataType.FLOAT32, INPUT);
            NDArray out = forward(net, m.randomNormal(INPUT));
            assertEquals(new Shape(2, 6), out.getShape());
            // conv 3*9*16+16, BN 2*16, conv 16*9*32+32, BN 64, conv 32*9*32+32, BN 64, fc 32*6+6
            long expected = 448 + 32 + 4640 + 64 + 9248 + 64 + 198;
            long count =
                    net.getParameters().values().stream()
                            .filter(p -> p.requiresGradient())
                            .mapToLong(p -> p.getArray().size())
                            .sum();
            assertEquals(expected, count);
            assertSame(net.getChildren().valueAt(1), net.head());
        }
    }

    @Test
    void backboneWeightsMoveToAnotherNetworkAndLeaveItsHeadAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            SmallConvNet upstream = SmallConvNet.create(8);
            upstream.initialize(m, DataType.FLOAT32, INPUT);
            SmallConvNet downstream = SmallConvNet.create(6);
            downstream.initialize(m, DataType.FLOAT32, INPUT);
            NDArray x = m.randomNormal(INPUT);
            NDArray before = forward(downstream.body(), x);
            NDArray headBefore =
                    downstream.head().getParameters().valueAt(0).getArray().duplicate();

            downstream.loadBackboneWeights(upstream.backboneWeights(), m);

            NDArray expected = forward(upstream.body(), x);
            NDArray after = forward(downstream.body(), x);
            assertFalse(before.allClose(expected), "two random backbones should differ");
            assertTrue(after.allClose(expected), "the loaded backbone must compute the same");
            assertTrue(
                    headBefore.contentEquals(
                            downstream.head().getParameters().valueAt(0).getArray()));
            assertEquals(new Shape(2, 6), forward(downstream, x).getShape());
            for (var p : downstream.body().getParameters().values()) {
                assertEquals(
                        p.requiresGradient(),
                        p.getArray().hasGradient(),
                        p.getName() + " must train after loading exactly when it did before");
            }
        }
    }

    @Test
    void refusesUninitialisedSourcesForeignBytesAndSingleClassHeads() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () -> SmallConvNet.create(8).backboneWeights());
            assertTrue(e.getMessage().contains("not initialised"));
            IllegalArgumentException bad =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> SmallConvNet.create(8).loadBackboneWeights(new byte[] {1, 2}, m));
            assertTrue(bad.getMessage().contains("backboneWeights()"));
            assertThrows(IllegalArgumentException.class, () -> SmallConvNet.create(1));
        }
    }

    private static NDArray forward(Block block, NDArray x) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
                .singletonOrThrow();
    }
}
