package io.github.resnetcourse.kit.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One optimizer interface: the kit's optimizers are it, DJL's are adapted to it, and the adapter
 * says that it cannot hand out or take state instead of pretending.
 */
class ParameterOptimizerTest {

    private static Parameter parameter(NDManager m, float... values) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.BIAS).build();
        p.setShape(new Shape(values.length));
        p.initialize(m, DataType.FLOAT32);
        p.getArray().set(values);
        return p;
    }

    /** Gradient of sum(w²): 2w. */
    private static void backward(Parameter p) {
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            c.backward(p.getArray().square().sum());
        }
    }

    @Test
    void theKitsOptimizersAreParameterOptimizersThemselves() {
        Adam adam = Adam.builder().build();
        assertSame(adam, ParameterOptimizer.of(adam));
        assertTrue(adam.savesState());
        assertSame(adam, adam.asDjl());
    }

    @Test
    void aDjlOptimizerStepsThroughTheAdapterAsDjlStepsIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            Optimizer djl = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build();
            ParameterOptimizer adapted = ParameterOptimizer.of(djl);
            assertSame(djl, adapted.asDjl());
            Parameter p = parameter(m, 1f, -2f, 3f);
            backward(p);
            adapted.step(List.of(p), 0.1);
            // SGD: w - 0.1 · 2w = 0.8 w
            assertArrayEquals(new float[] {0.8f, -1.6f, 2.4f}, p.getArray().toFloatArray(), 1e-6f);

            Parameter frozen = parameter(m, 1f);
            backward(frozen);
            frozen.freeze(true);
            adapted.step(List.of(frozen), 0.1);
            assertArrayEquals(new float[] {1f}, frozen.getArray().toFloatArray());
        }
    }

    @Test
    void theAdapterSaysItKeepsNoStateAndRefusesStateByName() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterOptimizer adapted =
                    ParameterOptimizer.of(
                            Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.1f)).build());
            Parameter p = parameter(m, 1f, 2f);
            assertFalse(adapted.savesState());
            assertEquals(Map.of(), adapted.getState(p));
            adapted.setState(p, Map.of()); // nothing to take: fine
            NDArray moment = m.zeros(new Shape(2));
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> adapted.setState(p, Map.of("exp_avg", moment)));
            assertTrue(e.getMessage().contains("DJL's Adam"), e.getMessage());
            assertTrue(adapted.describeSettings().contains("Adam"));
        }
    }
}
