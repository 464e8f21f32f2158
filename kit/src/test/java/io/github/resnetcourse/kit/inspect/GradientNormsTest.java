package io.github.resnetcourse.kit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import org.junit.jupiter.api.Test;

class GradientNormsTest {
    @Test
    void measuresEveryWeightLayerInForwardOrderAndLeavesTheModelAsItWas() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(20, Shortcuts.RESIDUAL)) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(8, 3, 32, 32));
            NDArray labels = m.create(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
            NDArray before = net.predict(x);
            GradientNorms first = GradientNorms.measure(net, x, labels);
            // 1 stem conv + 18 block convs + fc
            assertEquals(20, first.layers().size());
            assertEquals("conv1.weight", first.layers().get(0));
            assertEquals("fc.weight", first.layers().get(19));
            assertEquals(20, first.table().rowCount());
            for (double n : first.norms()) {
                assertTrue(n > 0 && Double.isFinite(n), "every layer gets a gradient: " + n);
            }
            // Running statistics restored, gradients zeroed: the same result twice.
            assertTrue(net.predict(x).allClose(before, 1e-6, 1e-7, false), "model unchanged");
            GradientNorms second = GradientNorms.measure(net, x, labels);
            for (int i = 0; i < 20; i++) {
                assertEquals(first.norms()[i], second.norms()[i], 1e-6 * first.norms()[i]);
            }
        }
    }

    @Test
    void aFrozenLayerIsNamedInsteadOfReportingZero() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(8, Shortcuts.NONE)) {
            // What Learner.freeze() does to the first group (the stem): requires_grad = False.
            net.parameterGroups().get(0).parameters().forEach(p -> p.freeze(true));
            NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () -> GradientNorms.measure(net, x, m.create(new int[] {1, 2})));
            assertTrue(e.getMessage().contains("conv1.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("unfreeze()"), e.getMessage());
        }
    }
}
