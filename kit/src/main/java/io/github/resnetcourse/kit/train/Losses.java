package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * The classification losses the seeds use, with PyTorch's exact semantics (mean over the batch,
 * integer class labels in any numeric type).
 */
public final class Losses {
    private Losses() {}

    /** PyTorch's {@code CrossEntropyLoss}: log-softmax of raw logits, then NLL. */
    public static Loss crossEntropy() {
        return new ClassLoss("CrossEntropyLoss", true);
    }

    /**
     * PyTorch's {@code NLLLoss}: the input is already log-probabilities (a {@code LogSoftmax} head,
     * as in seed 001). Equals {@link #crossEntropy()} on the logits before the LogSoftmax.
     */
    public static Loss nll() {
        return new ClassLoss("NLLLoss", false);
    }

    private static final class ClassLoss extends Loss {
        private final boolean fromLogits;

        ClassLoss(String name, boolean fromLogits) {
            super(name);
            this.fromLogits = fromLogits;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray pred = predictions.singletonOrThrow();
            if (pred.getShape().dimension() != 2) {
                throw new IllegalArgumentException(
                        getName()
                                + " expects predictions of shape (batch, classes); got "
                                + pred.getShape()
                                + ". Flatten the head's output or check the model's last layer.");
            }
            NDArray logProbs = fromLogits ? pred.logSoftmax(1) : pred;
            NDArray index = labels.head().toType(DataType.INT64, false).reshape(-1, 1);
            // -mean(log p[label]): the same reduction as PyTorch's default 'mean'.
            return logProbs.gather(index, 1).mean().neg();
        }
    }
}
