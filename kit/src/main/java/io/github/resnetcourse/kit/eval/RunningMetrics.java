package io.github.resnetcourse.kit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * Sums of loss and correct predictions over batches, giving means over samples (not over batches,
 * so a short last batch weighs what it should). Optionally counts top-k hits and fills a confusion
 * matrix.
 */
public final class RunningMetrics {
    private final int topK;
    private final ConfusionMatrix confusion;
    private double lossSum;
    private long correct;
    private long topKCorrect;
    private long count;

    /** Loss and accuracy only. */
    public RunningMetrics() {
        this(1, 0);
    }

    /**
     * @param topK also count top-k hits for this k (1 = none beyond accuracy)
     * @param numClasses fill a confusion matrix of this size (0 = none)
     */
    public RunningMetrics(int topK, int numClasses) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK=" + topK + " must be >= 1.");
        }
        this.topK = topK;
        this.confusion = numClasses > 0 ? new ConfusionMatrix(numClasses) : null;
    }

    /**
     * Adds one batch.
     *
     * @param output the model's (batch, classes) scores (logits or log-probabilities)
     * @param labels the class labels, any numeric type
     * @param meanLoss the batch's mean loss
     * @return correctly classified samples in this batch
     */
    public long add(NDArray output, NDArray labels, double meanLoss) {
        int n = Math.toIntExact(output.getShape().get(0));
        NDArray lab = labels.toType(DataType.INT64, false).reshape(-1);
        NDArray pred = output.argMax(1);
        long hits = pred.eq(lab).countNonzero().getLong();
        if (confusion != null) {
            confusion.addAll(lab.toLongArray(), pred.toLongArray());
        }
        if (topK > 1) {
            int k = (int) Math.min(topK, output.getShape().get(1));
            NDList top = output.topK(k, 1);
            topKCorrect += top.get(1).eq(lab.reshape(-1, 1)).countNonzero().getLong();
            top.close();
        } else {
            topKCorrect += hits;
        }
        lossSum += meanLoss * n;
        correct += hits;
        count += n;
        return hits;
    }

    /** Mean loss over all samples added, NaN when none. */
    public double loss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** Accuracy over all samples added, NaN when none. */
    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }

    /** Top-k accuracy for the k given at construction, NaN when none. */
    public double topKAccuracy() {
        return count == 0 ? Double.NaN : (double) topKCorrect / count;
    }

    /** Samples added. */
    public long count() {
        return count;
    }

    /** The confusion matrix, or null when none was requested. */
    public ConfusionMatrix confusion() {
        return confusion;
    }
}
