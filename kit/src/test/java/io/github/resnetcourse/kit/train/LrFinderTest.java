package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.plot.LrFinderChart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The learning-rate finder: the sweep, its suggestions, and that it leaves the model as it was. */
class LrFinderTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static List<float[]> weights(ai.djl.nn.Block block) {
        List<float[]> w = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            w.add(p.getValue().getArray().toFloatArray());
        }
        return w;
    }

    private Model blobsModel() {
        Model model = Model.newInstance("blobs");
        model.setBlock(Blobs.model());
        model.getBlock()
                .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, Blobs.DIM));
        return model;
    }

    @Test
    void theSweepGrowsTheRateExponentiallyAcrossEpochsAndRestoresTheWeights() {
        try (Model model = blobsModel()) {
            List<float[]> before = weights(model.getBlock());
            // 300 samples in batches of 20: 15 batches an epoch, so 60 iterations span 4 epochs.
            LrFinderResult r =
                    LrFinder.builder()
                            .setModel(model)
                            .setData(Blobs.dataset(manager, 300, 20, 1, true, false))
                            .optOptimizer(OptimizerFactory.sgd(0.9))
                            .optRange(1e-4, 1e4)
                            .optIterations(60)
                            .build()
                            .find();
            List<Double> rates = r.rates();
            assertEquals(1e-4, rates.get(0), 1e-12);
            for (int i = 1; i < rates.size(); i++) {
                double ratio = rates.get(i) / rates.get(i - 1);
                assertEquals(Math.pow(1e8, 1.0 / 59), ratio, 1e-9, "constant ratio at step " + i);
            }
            // SGD at a rate in the thousands blows the loss up: the sweep stops before its end.
            assertTrue(r.diverged(), "the loss should diverge at huge rates: " + r);
            assertTrue(rates.size() < 60, "a diverged sweep stops early: " + rates.size());
            double first = r.smoothedLosses().get(0);
            double lowest =
                    r.smoothedLosses().stream()
                            .mapToDouble(Double::doubleValue)
                            .min()
                            .orElseThrow();
            assertTrue(lowest < 0.5 * first, "the loss should fall before it blows up: " + r);
            double suggestion = r.minimumOverTen();
            assertTrue(suggestion > 1e-4 && suggestion < 1e3, "suggestion in range: " + r);

            List<float[]> after = weights(model.getBlock());
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " restored");
            }
            assertTrue(
                    LrFinderChart.of(r).toJson().toString().contains("\"type\":\"log\""),
                    "the rate axis is logarithmic");
        }
    }

    @Test
    void aLearnerContinuesAsIfTheSweepNeverHappened() {
        List<List<float[]>> finals = new ArrayList<>();
        for (boolean sweep : new boolean[] {false, true}) {
            try (Learner l =
                    Learner.builder()
                            .setModel(Blobs.model())
                            .setData(Blobs.dataset(manager, 120, 20, 1, true, false), null)
                            .optOptimizer(OptimizerFactory.adam())
                            .optLearningRate(1e-2)
                            .optNoProgress()
                            .optSeed(7)
                            .build()) {
                l.fit(1); // Adam now holds moments that the sweep must not disturb
                if (sweep) {
                    LrFinder.builder()
                            .setModel(l.model())
                            .setData(Blobs.dataset(manager, 120, 20, 3, true, false))
                            .optIterations(20)
                            .build()
                            .find();
                }
                l.fit(1);
                finals.add(weights(l.block()));
            }
        }
        for (int i = 0; i < finals.get(0).size(); i++) {
            assertArrayEquals(finals.get(0).get(i), finals.get(1).get(i), "parameter " + i);
        }
    }

    @Test
    void theSuggestionsFollowFastaisRules() {
        // A bowl in log10(rate) with its bottom at 1e-2, its steepest descent at the left end.
        List<Double> rates = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        int n = 101;
        for (int i = 0; i < n; i++) {
            double lr = LrFinder.rateAt(1e-6, 1e2, i, n);
            rates.add(lr);
            double d = Math.log10(lr) + 2;
            losses.add(d * d);
        }
        LrFinderResult r = new LrFinderResult(rates, losses, losses, false);
        assertEquals(1e-3, r.minimumOverTen(), 1e-9);
        // The first tenth of the sweep is skipped: the steepest point is the window's first.
        assertEquals(rates.get(n / 10), r.steepest(), 1e-15);
    }
}
