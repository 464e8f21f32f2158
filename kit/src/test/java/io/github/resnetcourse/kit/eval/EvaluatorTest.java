package io.github.resnetcourse.kit.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.train.Losses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics on a linear classifier whose weights are set by hand, so every count is known. */
class EvaluatorTest {
    @Test
    void lossAccuracyTopKConfusionAndPerClassAccuracyAreExact() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Identity weights: the prediction is the argmax of the input itself.
            Linear identity = Linear.builder().setUnits(3).build();
            identity.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            identity.getParameters()
                    .valueAt(0)
                    .getArray()
                    .set(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
            identity.getParameters().valueAt(1).getArray().set(new float[] {0, 0, 0});
            float[] x = {
                5, 1, 0, // true 0, predicted 0
                0, 5, 1, // true 1, predicted 1
                1, 0, 5, // true 2, predicted 2
                0, 5, 1, // true 0, predicted 1 (runner-up 2: not in top-2)
                1, 0, 5 // true 1, predicted 2 (runner-up 0: not in top-2)
            };
            float[] y = {0, 1, 2, 0, 1};
            NDArray xs = m.create(x, new Shape(5, 3));
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(xs)
                            .optLabels(m.create(y))
                            .setSampling(2, false)
                            .build();
            EvalResult r =
                    Evaluator.of(identity, Losses.crossEntropy())
                            .topK(2)
                            .classes(3)
                            .evaluate(data, m);
            assertEquals(5, r.samples());
            assertEquals(0.6, r.accuracy(), 1e-12);
            ConfusionMatrix c = r.confusion().orElseThrow();
            assertArrayEquals(new long[] {1, 1, 0}, c.counts()[0]);
            assertArrayEquals(new long[] {0, 1, 1}, c.counts()[1]);
            assertArrayEquals(new long[] {0, 0, 1}, c.counts()[2]);
            assertArrayEquals(new double[] {0.5, 0.5, 1.0}, c.perClassAccuracy(), 1e-12);
            // Top-2: sample 4 (true 0: scores 0,5,1 -> top2 {1,2}) misses, sample 5 (true 1:
            // scores 1,0,5 -> top2 {2,0}) misses.
            assertEquals(0.6, r.topKAccuracy(), 1e-12);
            double expectedLoss = 0;
            for (int i = 0; i < 5; i++) {
                double z = 0;
                for (int j = 0; j < 3; j++) {
                    z += Math.exp(x[i * 3 + j]);
                }
                expectedLoss += Math.log(z) - x[i * 3 + (int) y[i]];
            }
            assertEquals(expectedLoss / 5, r.loss(), 1e-5);
            assertEquals(
                    List.of("a", "b", "c"),
                    c.toTable(List.of("a", "b", "c")).column("true").asList());
            assertTrue(r.seconds() >= 0);

            List<Prediction> p = Predictions.of(identity, xs, Predictions.Output.LOGITS, 2);
            assertEquals(5, p.size());
            assertEquals(1, p.get(3).predicted());
            assertArrayEquals(new int[] {1, 2}, p.get(3).topClasses());
            double e5 = Math.exp(5);
            assertEquals(e5 / (e5 + Math.E + 1), p.get(3).probability(), 1e-5);
            assertTrue(p.get(0).isCorrect(0));
        }
    }
}
