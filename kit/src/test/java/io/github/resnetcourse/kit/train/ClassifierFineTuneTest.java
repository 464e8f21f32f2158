package io.github.resnetcourse.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import io.github.resnetcourse.kit.optim.Adam;
import org.junit.jupiter.api.Test;

/**
 * The learner on the kit's own classifier and optimizer: freeze, unfreeze, discriminative rates.
 */
class ClassifierFineTuneTest {
    private static float[] first(ai.djl.nn.Block part) {
        for (var p : part.getParameters()) {
            if (!ImageClassifier.isBuffer(p.getValue())) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new AssertionError("no learned parameter");
    }

    @Test
    void fineTuneFreezesTheBodyThenTrainsItAtADiscriminativeRate() {
        try (NDManager m = NDManager.newBaseManager();
                ImageClassifier base = ResNets.cifar(8, Shortcuts.RESIDUAL)) {
            ImageClassifier net = base.withHead(Head.linear(3));
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(m.randomNormal(new Shape(24, 3, 16, 16)))
                            .optLabels(
                                    m.randomInteger(
                                            0,
                                            3,
                                            new Shape(24),
                                            ai.djl.ndarray.types.DataType.INT64))
                            .setSampling(8, true)
                            .build();
            try (Learner l =
                    Learner.builder()
                            .setModel(net)
                            .setData(data, null)
                            .optOptimizer(Adam.builder().build())
                            .optLearningRate(1e-2)
                            .optNoProgress()
                            .build()) {
                assertEquals(1e-2, l.learningRate(), 1e-9);
                float[] body0 = first(net.body());
                float[] head0 = first(net.head());
                l.freeze();
                l.setStage("frozen");
                l.fit(1);
                assertArrayEquals(body0, first(net.body()), "frozen body unchanged");
                float[] head1 = first(net.head());
                assertFalse(java.util.Arrays.equals(head0, head1), "head trained");

                // Unfrozen with the body's rate scaled to 0: only the head may move.
                l.unfreeze();
                l.setBodyLrFactor(0);
                l.fit(1);
                assertArrayEquals(body0, first(net.body()), "body at rate 0 unchanged");
                assertFalse(java.util.Arrays.equals(head1, first(net.head())));

                History h = l.fineTune(3, 0, 1e-3, 0.1);
                assertFalse(java.util.Arrays.equals(body0, first(net.body())), "body trained");
                assertEquals(5, h.epochs().size());
                for (Parameter p : net.body().getParameters().values()) {
                    if (ImageClassifier.isBuffer(p)) {
                        assertFalse(p.requiresGradient(), "running stats stay buffers");
                    }
                }
            }
        }
    }
}
