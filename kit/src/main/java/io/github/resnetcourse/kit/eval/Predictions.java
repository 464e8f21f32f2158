package io.github.resnetcourse.kit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/** Class predictions with probabilities for one batch of inputs (image grids, demos). */
public final class Predictions {
    /** How a model's output relates to probabilities. */
    public enum Output {
        /** Raw scores: probabilities are their softmax. */
        LOGITS,
        /** A LogSoftmax head: probabilities are their exponential. */
        LOG_PROBABILITIES
    }

    private Predictions() {}

    /**
     * Runs {@code block} in inference mode on {@code inputs} (batch first) and returns one
     * prediction per sample with its {@code k} most probable classes.
     */
    public static List<Prediction> of(Block block, NDArray inputs, Output output, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k=" + k + " must be >= 1.");
        }
        try (NDManager scope = inputs.getManager().newSubManager()) {
            NDArray x = inputs.duplicate();
            x.attach(scope);
            NDList out = block.forward(new ParameterStore(scope, false), new NDList(x), false);
            NDArray scores = out.head();
            NDArray probs = output == Output.LOGITS ? scores.softmax(1) : scores.exp();
            int kk = (int) Math.min(k, probs.getShape().get(1));
            NDList top = probs.topK(kk, 1);
            float[] values =
                    top.get(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            long[] idx =
                    top.get(1).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
            int n = values.length / kk;
            List<Prediction> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int[] classes = new int[kk];
                double[] p = new double[kk];
                for (int j = 0; j < kk; j++) {
                    classes[j] = (int) idx[i * kk + j];
                    p[j] = values[i * kk + j];
                }
                result.add(new Prediction(classes[0], p[0], classes, p));
            }
            return result;
        }
    }
}
