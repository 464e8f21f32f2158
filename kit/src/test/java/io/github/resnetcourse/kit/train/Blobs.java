package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.models.ParameterGroup;
import io.github.resnetcourse.kit.models.ParameterGroups;
import java.util.List;
import java.util.Random;

/**
 * A learnable generated task: Gaussian blobs, one per class, in {@code dim} dimensions, and a small
 * MLP to learn it. Chance accuracy is 1/classes.
 */
final class Blobs {
    static final int CLASSES = 3;
    static final int DIM = 8;

    private Blobs() {}

    /** {@code n} samples; {@code randomLabels} destroys the signal (an unlearnable twin). */
    static ArrayDataset dataset(
            NDManager manager, int n, int batch, long seed, boolean shuffle, boolean randomLabels) {
        Random centers = new Random(1234);
        float[][] c = new float[CLASSES][DIM];
        for (float[] row : c) {
            for (int j = 0; j < DIM; j++) {
                row[j] = (float) (centers.nextGaussian() * 2.0);
            }
        }
        Random r = new Random(seed);
        float[] x = new float[n * DIM];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = i % CLASSES;
            for (int j = 0; j < DIM; j++) {
                x[i * DIM + j] = c[k][j] + (float) r.nextGaussian();
            }
            y[i] = randomLabels ? r.nextInt(CLASSES) : k;
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(n, DIM)))
                .optLabels(manager.create(y, new Shape(n)))
                .setSampling(batch, shuffle)
                .build();
    }

    /** Body: Linear(32) + ReLU; head: Linear(classes). */
    static SplitMlp model() {
        return new SplitMlp();
    }

    /** A two-part MLP that says which part is body and which is head. */
    static final class SplitMlp extends SequentialBlock implements ParameterGroups {
        private final SequentialBlock body;
        private final Block head;

        SplitMlp() {
            body =
                    new SequentialBlock()
                            .add(Linear.builder().setUnits(32).build())
                            .add(Activation::relu);
            head = Linear.builder().setUnits(CLASSES).build();
            add(body);
            add(head);
        }

        Block body() {
            return body;
        }

        Block head() {
            return head;
        }

        @Override
        public List<ParameterGroup> parameterGroups() {
            return ParameterGroups.bodyAndHead(body, head);
        }
    }
}
