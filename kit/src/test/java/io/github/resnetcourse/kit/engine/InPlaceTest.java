package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class InPlaceTest {

    @Test
    void reluOverwritesItsArgumentWithTheSameValuesAsDjlRelu() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(3, 4, 5));
            float[] expected = Activation.relu(x).toFloatArray();
            NDArray result = InPlace.relu(x);
            assertSame(x, result, "returns its argument");
            assertArrayEquals(expected, x.toFloatArray(), 0f);
        }
    }

    @Test
    void reluInPlaceBackpropagatesExactlyAsTheOutOfPlaceRelu() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(8, 6));
            NDArray w1 = m.randomNormal(new Shape(6, 5));
            NDArray w2 = w1.duplicate();
            w1.setRequiresGradient(true);
            w2.setRequiresGradient(true);
            // Weights that do not vanish where ReLU cuts: a gradient without ReLU's mask differs.
            NDArray c = m.randomNormal(new Shape(8, 5));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // The product's backward reads its inputs, not its output: in place is allowed.
                NDArray h = InPlace.relu(x.matMul(w1));
                assertEquals(
                        "ReluBackward0",
                        JniUtils.getGradientFunctionNames((PtNDArray) h).split(",")[0].trim());
                collector.backward(h.mul(c).sum());
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray h = Activation.relu(x.matMul(w2));
                collector.backward(h.mul(c).sum());
            }
            assertArrayEquals(w2.getGradient().toFloatArray(), w1.getGradient().toFloatArray(), 0f);
        }
    }
}
