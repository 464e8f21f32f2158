package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.models.ImageClassifier;
import java.util.Locale;

/**
 * What feeding a model inputs scaled for other weights costs, measured: the same images through the
 * same model (inference mode) once with the preprocessing its weights expect and once with another,
 * compared on the inputs (range, mean, spread) and on the outputs (logits, probabilities, top-1
 * class; accuracy and loss too when the model's classes are the dataset's).
 *
 * @param images images compared
 * @param expected statistics with the preprocessing the weights expect
 * @param other statistics with the other preprocessing
 * @param meanAbsLogitChange mean |logit difference| over images and classes
 * @param maxAbsLogitChange largest |logit difference|
 * @param top1Agreement fraction of images whose most probable class is the same (0..1)
 * @param meanProbabilityShift mean total-variation distance between the two softmax outputs (0..1)
 */
public record NormalizationCost(
        int images,
        Side expected,
        Side other,
        double meanAbsLogitChange,
        double maxAbsLogitChange,
        double top1Agreement,
        double meanProbabilityShift) {

    /**
     * One preprocessing's numbers.
     *
     * @param name the preprocessing (its normalisation)
     * @param inputMin smallest input value
     * @param inputMax largest input value
     * @param inputMean mean input value
     * @param inputStd standard deviation of the input values
     * @param accuracy top-1 accuracy against the labels, NaN when the model's classes are not the
     *     dataset's
     * @param loss mean cross-entropy against the labels, NaN likewise
     */
    public record Side(
            String name,
            double inputMin,
            double inputMax,
            double inputMean,
            double inputStd,
            double accuracy,
            double loss) {}

    /**
     * Runs the first {@code maxImages} images of {@code expected} and {@code other} (the same
     * images, in the same order, with different transforms) through {@code model}.
     *
     * @throws IllegalArgumentException if the two datasets do not hold the same labelled images
     */
    public static NormalizationCost measure(
            ImageClassifier model, ImageDataset expected, ImageDataset other, int maxImages) {
        if (expected.size() != other.size()) {
            throw new IllegalArgumentException(
                    "The two datasets must hold the same images: "
                            + expected.size()
                            + " vs "
                            + other.size());
        }
        int n = (int) Math.min(maxImages, expected.size());
        if (n < 1) {
            throw new IllegalArgumentException("Nothing to compare: maxImages=" + maxImages);
        }
        Accumulator a = new Accumulator();
        Accumulator b = new Accumulator();
        double absSum = 0;
        double absMax = 0;
        double tvSum = 0;
        int agree = 0;
        int classes = 0;
        int chunk = 8;
        for (int start = 0; start < n; start += chunk) {
            int[] idx = new int[Math.min(chunk, n - start)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
                if (expected.label(idx[i]) != other.label(idx[i])) {
                    throw new IllegalArgumentException(
                            "Sample " + idx[i] + " has different labels in the two datasets");
                }
            }
            try (NDManager m = model.manager().newSubManager()) {
                NDArray xa = GridImages.stack(m, expected, idx);
                NDArray xb = GridImages.stack(m, other, idx);
                float[] la = model.predict(xa).toFloatArray();
                float[] lb = model.predict(xb).toFloatArray();
                classes = la.length / idx.length;
                a.inputs(xa.toFloatArray());
                b.inputs(xb.toFloatArray());
                for (int i = 0; i < idx.length; i++) {
                    int label = expected.label(idx[i]);
                    double[] pa = softmax(la, i * classes, classes);
                    double[] pb = softmax(lb, i * classes, classes);
                    double tv = 0;
                    for (int k = 0; k < classes; k++) {
                        double d = Math.abs(la[i * classes + k] - lb[i * classes + k]);
                        absSum += d;
                        absMax = Math.max(absMax, d);
                        tv += Math.abs(pa[k] - pb[k]);
                    }
                    tvSum += tv / 2;
                    int ta = argMax(pa);
                    int tb = argMax(pb);
                    agree += ta == tb ? 1 : 0;
                    if (classes == expected.classNames().size()) {
                        a.prediction(ta == label, -Math.log(Math.max(pa[label], 1e-45)));
                        b.prediction(tb == label, -Math.log(Math.max(pb[label], 1e-45)));
                    }
                }
            }
        }
        String na = expected.transform().normalization().map(Object::toString).orElse("none");
        String nb = other.transform().normalization().map(Object::toString).orElse("none");
        return new NormalizationCost(
                n,
                a.side(na),
                b.side(nb),
                absSum / ((double) n * classes),
                absMax,
                (double) agree / n,
                tvSum / n);
    }

    /** Prints the comparison, one line per quantity. */
    public void show() {
        System.out.println(this);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT, "%d images, the same model, two preprocessings%n", images));
        for (Side side : new Side[] {expected, other}) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  %-8s %s: inputs in [%.2f, %.2f], mean %.3f, std %.3f",
                            side == expected ? "expected" : "other",
                            side.name(),
                            side.inputMin(),
                            side.inputMax(),
                            side.inputMean(),
                            side.inputStd()));
            if (!Double.isNaN(side.accuracy())) {
                s.append(
                        String.format(
                                Locale.ROOT,
                                "; accuracy %.1f %%, loss %.4f",
                                100 * side.accuracy(),
                                side.loss()));
            }
            s.append(System.lineSeparator());
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "  logits change by %.4f on average (at most %.4f); the top-1 class"
                                + " stays the same for %.1f %% of the images; the probabilities"
                                + " move by %.1f %% (mean total-variation distance)",
                        meanAbsLogitChange,
                        maxAbsLogitChange,
                        100 * top1Agreement,
                        100 * meanProbabilityShift));
        return s.toString();
    }

    private static double[] softmax(float[] logits, int from, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            max = Math.max(max, logits[from + k]);
        }
        double[] p = new double[count];
        double sum = 0;
        for (int k = 0; k < count; k++) {
            p[k] = Math.exp(logits[from + k] - max);
            sum += p[k];
        }
        for (int k = 0; k < count; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static int argMax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Running input statistics and prediction counts for one preprocessing. */
    private static final class Accumulator {
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;
        private double sumSquares;
        private long values;
        private int judged;
        private int correct;
        private double lossSum;

        void inputs(float[] x) {
            for (float v : x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                sumSquares += (double) v * v;
            }
            values += x.length;
        }

        void prediction(boolean right, double loss) {
            judged++;
            correct += right ? 1 : 0;
            lossSum += loss;
        }

        Side side(String name) {
            double mean = sum / values;
            double std = Math.sqrt(Math.max(0, sumSquares / values - mean * mean));
            return new Side(
                    name,
                    min,
                    max,
                    mean,
                    std,
                    judged == 0 ? Double.NaN : (double) correct / judged,
                    judged == 0 ? Double.NaN : lossSum / judged);
        }
    }
}
