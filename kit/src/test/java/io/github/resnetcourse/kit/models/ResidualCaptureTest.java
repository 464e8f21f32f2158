package io.github.resnetcourse.kit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.resnetcourse.kit.inspect.ResidualCapture;
import io.github.resnetcourse.kit.inspect.ResidualCapture.BlockTrace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ResidualCaptureTest {
    @Test
    void capturesXResidualAndOutputOfEveryBlock() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(20, Shortcuts.RESIDUAL)) {
            NDArray images = m.randomNormal(new Shape(2, 3, 32, 32));
            try (ResidualCapture c = ResidualCapture.run(net, images)) {
                assertEquals(9, c.blocks().size());
                for (BlockTrace t : c.blocks()) {
                    // out = ReLU(F(x) + shortcut(x)), recomputed from the captured arrays
                    NDArray expected = t.residual().add(t.shortcut()).maximum(0f);
                    assertTrue(expected.allClose(t.output(), 1e-5, 1e-6, false), t.block());
                }
                BlockTrace first = c.blocks().get(0);
                assertTrue(first.shortcut().allClose(first.input()), "identity shortcut is x");
                assertEquals(new Shape(2, 10), c.logits().getShape());
                assertTrue(net.predict(images).allClose(c.logits(), 1e-5, 1e-6, false));
                Table norms = c.norms();
                assertEquals(9, norms.rowCount());
                assertTrue(norms.doubleColumn("‖F(x)‖/‖x‖").min() > 0);
            }
        }
    }

    @Test
    void plainBlocksHaveNoShortcut() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(20, Shortcuts.NONE);
                ResidualCapture c =
                        ResidualCapture.run(net, m.randomNormal(new Shape(1, 3, 32, 32)))) {
            for (BlockTrace t : c.blocks()) {
                assertNull(t.shortcut());
                assertTrue(t.residual().maximum(0f).allClose(t.output()));
            }
        }
    }

    @Test
    void optionBProjectsXWhereTheShapeChangesAndKeepsIdentityElsewhere() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier net = ResNets.cifar(20, Shortcuts.PROJECTION);
                ResidualCapture c =
                        ResidualCapture.run(net, m.randomNormal(new Shape(2, 3, 32, 32)))) {
            assertEquals(
                    ShortcutKind.PROJECTION, net.residualBlocks().get("layer2.0").shortcutKind());
            assertEquals(
                    ShortcutKind.IDENTITY, net.residualBlocks().get("layer2.1").shortcutKind());
            assertTrue(net.namedParameters().containsKey("layer3.0.downsample.0.weight"));
            for (BlockTrace t : c.blocks()) {
                NDArray expected = t.residual().add(t.shortcut()).maximum(0f);
                assertTrue(expected.allClose(t.output(), 1e-5, 1e-6, false), t.block());
            }
            assertEquals(new Shape(2, 32, 16, 16), c.block("layer2.0").shortcut().getShape());
        }
    }
}
