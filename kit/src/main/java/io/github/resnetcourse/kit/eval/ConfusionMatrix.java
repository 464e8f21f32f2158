package io.github.resnetcourse.kit.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Counts of (true class, predicted class) pairs. Row = true class, column = predicted class, as in
 * scikit-learn's {@code confusion_matrix}.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /** An empty matrix for {@code numClasses} classes. */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses=" + numClasses + " must be >= 1.");
        }
        this.counts = new long[numClasses][numClasses];
    }

    /** Adds one sample. */
    public void add(int trueClass, int predictedClass) {
        if (trueClass < 0 || trueClass >= counts.length) {
            throw new IllegalArgumentException(
                    "label "
                            + trueClass
                            + " is outside 0.."
                            + (counts.length - 1)
                            + "; does numClasses match the dataset?");
        }
        counts[trueClass][predictedClass]++;
    }

    /** Adds a batch of samples. */
    public void addAll(long[] trueClasses, long[] predictedClasses) {
        for (int i = 0; i < trueClasses.length; i++) {
            add((int) trueClasses[i], (int) predictedClasses[i]);
        }
    }

    /** Number of classes. */
    public int numClasses() {
        return counts.length;
    }

    /** Samples of class {@code trueClass} predicted as {@code predicted}. */
    public long count(int trueClass, int predicted) {
        return counts[trueClass][predicted];
    }

    /** A copy of the counts, [true][predicted]. */
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    /** All samples counted. */
    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    /** Overall accuracy (trace / total), NaN when empty. */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        long t = total();
        return t == 0 ? Double.NaN : (double) correct / t;
    }

    /** Accuracy (recall) per true class; NaN for a class with no samples. */
    public double[] perClassAccuracy() {
        double[] acc = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            long row = Arrays.stream(counts[i]).sum();
            acc[i] = row == 0 ? Double.NaN : (double) counts[i][i] / row;
        }
        return acc;
    }

    /**
     * The matrix as a table: a "true" column with class names, then one count column per predicted
     * class.
     */
    public Table toTable(List<String> classNames) {
        Objects.requireNonNull(classNames, "classNames");
        if (classNames.size() != counts.length) {
            throw new IllegalArgumentException(
                    classNames.size()
                            + " class names given for a "
                            + counts.length
                            + "-class confusion matrix.");
        }
        Table t = Table.create("confusion matrix");
        t.addColumns(StringColumn.create("true", classNames));
        for (int p = 0; p < counts.length; p++) {
            int[] col = new int[counts.length];
            for (int r = 0; r < counts.length; r++) {
                col[r] = Math.toIntExact(counts[r][p]);
            }
            t.addColumns(IntColumn.create(classNames.get(p), col));
        }
        return t;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ConfusionMatrix[true x predicted]\n");
        for (long[] row : counts) {
            sb.append(Arrays.toString(row)).append('\n');
        }
        return sb.toString();
    }
}
