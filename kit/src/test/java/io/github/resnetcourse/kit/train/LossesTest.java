package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** The losses against PyTorch's {@code cross_entropy} and {@code nll_loss} on the same numbers. */
class LossesTest {
    @Test
    void crossEntropyAndNllEqualPyTorch() {
        JsonObject ref = PythonReference.run("schedules.py", "losses");
        double[] logits = PythonReference.doubles(ref, "logits");
        double[] labels = PythonReference.doubles(ref, "labels");
        float[] f = new float[logits.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) logits[i];
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(f, new Shape(labels.length, f.length / labels.length));
            // Labels as float32, as DJL's ArrayDataset delivers them.
            NDList y =
                    new NDList(
                            m.create(labels).toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
            double ce = Losses.crossEntropy().evaluate(y, new NDList(x)).getFloat();
            double nll = Losses.nll().evaluate(y, new NDList(x.logSoftmax(1))).getFloat();
            assertEquals(ref.get("cross_entropy").getAsDouble(), ce, 1e-6);
            assertEquals(ref.get("nll").getAsDouble(), nll, 1e-6);
        }
    }

    @Test
    void aWronglyShapedOutputIsExplained() {
        try (NDManager m = NDManager.newBaseManager()) {
            var e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    Losses.crossEntropy()
                                            .evaluate(
                                                    new NDList(m.zeros(new Shape(2))),
                                                    new NDList(m.zeros(new Shape(2, 3, 4)))));
            assertEquals(true, e.getMessage().contains("(batch, classes)"));
        }
    }
}
