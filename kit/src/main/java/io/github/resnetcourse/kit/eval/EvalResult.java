package io.github.resnetcourse.kit.eval;

import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of evaluating a model on a dataset.
 *
 * @param loss mean loss over samples
 * @param accuracy top-1 accuracy (0..1)
 * @param topK the k of {@link #topKAccuracy}
 * @param topKAccuracy top-k accuracy (0..1); equals accuracy for k = 1
 * @param samples samples evaluated
 * @param seconds wall-clock seconds the evaluation took
 * @param confusion the confusion matrix, when the number of classes was given
 */
public record EvalResult(
        double loss,
        double accuracy,
        int topK,
        double topKAccuracy,
        long samples,
        double seconds,
        Optional<ConfusionMatrix> confusion) {

    /** Accuracy per class, when a confusion matrix was computed. */
    public Optional<double[]> perClassAccuracy() {
        return confusion.map(ConfusionMatrix::perClassAccuracy);
    }

    /** Samples per second. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : Double.NaN;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "loss %.4f, accuracy %.2f%%%s on %d samples in %.1f s",
                loss,
                accuracy * 100,
                topK > 1
                        ? String.format(Locale.ROOT, ", top-%d %.2f%%", topK, topKAccuracy * 100)
                        : "",
                samples,
                seconds);
    }
}
