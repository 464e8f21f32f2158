package io.github.resnetcourse.kit.plot;

import java.util.Arrays;
import java.util.Objects;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * One named line of a chart: x values (iteration, epoch, ...) and the y values measured there.
 * Immutable; arrays are copied in and out.
 *
 * <p>Missing measurements are {@link Double#NaN} (for example an epoch without validation); a chart
 * leaves a gap there instead of drawing zero.
 */
public final class Series {
    private final String name;
    private final double[] x;
    private final double[] y;

    private Series(String name, double[] x, double[] y) {
        this.name = Objects.requireNonNull(name, "name");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "Series '"
                            + name
                            + "' has "
                            + x.length
                            + " x values but "
                            + y.length
                            + " y values; give one x per y.");
        }
        this.x = x.clone();
        this.y = y.clone();
    }

    /** A series with explicit x values. */
    public static Series of(String name, double[] x, double[] y) {
        return new Series(name, Objects.requireNonNull(x, "x"), Objects.requireNonNull(y, "y"));
    }

    /** A series whose x values are 1, 2, 3, ... (epochs as the seeds count them). */
    public static Series of(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return new Series(name, x, y);
    }

    /**
     * Two numeric columns of a tablesaw {@link Table}; missing cells become gaps.
     *
     * @throws IllegalArgumentException naming the table's columns when one is absent or not numeric
     */
    public static Series fromTable(String name, Table table, String xColumn, String yColumn) {
        return new Series(name, column(table, xColumn), column(table, yColumn));
    }

    static double[] column(Table table, String columnName) {
        if (!table.columnNames().contains(columnName)) {
            throw new IllegalArgumentException(
                    "Table '"
                            + table.name()
                            + "' has no column '"
                            + columnName
                            + "'; its columns are "
                            + table.columnNames()
                            + ".");
        }
        if (!(table.column(columnName) instanceof NumericColumn<?> numeric)) {
            throw new IllegalArgumentException(
                    "Column '"
                            + columnName
                            + "' of table '"
                            + table.name()
                            + "' is "
                            + table.column(columnName).type()
                            + ", not numeric.");
        }
        double[] values = new double[numeric.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = numeric.isMissing(i) ? Double.NaN : numeric.getDouble(i);
        }
        return values;
    }

    /** The legend label. */
    public String name() {
        return name;
    }

    /** The x values (a copy). */
    public double[] x() {
        return x.clone();
    }

    /** The y values (a copy). */
    public double[] y() {
        return y.clone();
    }

    /** Number of points. */
    public int size() {
        return y.length;
    }

    /** The same points with every y multiplied by {@code factor} (fractions as percent: 100). */
    public Series scaledBy(double factor) {
        double[] ny = y.clone();
        for (int i = 0; i < ny.length; i++) {
            ny[i] *= factor;
        }
        return new Series(name, x, ny);
    }

    /**
     * Each point held constant from halfway before it to halfway after it: the points for a step
     * line ({@code line.shape = "hv"}) of a value that is constant within an epoch, such as the
     * learning rate. One more point closes the last step.
     */
    Series asSteps() {
        if (size() == 0) {
            return this;
        }
        double[] nx = new double[size() + 1];
        double[] ny = new double[size() + 1];
        for (int i = 0; i < size(); i++) {
            double half = (i > 0 ? x[i] - x[i - 1] : (size() > 1 ? x[1] - x[0] : 1)) / 2;
            nx[i] = x[i] - half;
            ny[i] = y[i];
        }
        double lastHalf = size() > 1 ? (x[size() - 1] - x[size() - 2]) / 2 : 0.5;
        nx[size()] = x[size() - 1] + lastHalf;
        ny[size()] = y[size() - 1];
        return new Series(name, nx, ny);
    }

    /** The same points under another legend label. */
    public Series named(String newName) {
        return new Series(newName, x, y);
    }

    /**
     * At most {@code maxPoints} points, each the mean of a run of consecutive points (x the mean x
     * of the run). A per-iteration loss of 30,000 batches becomes a readable line and a small
     * output; runs are averaged, not sampled, so spikes still move the line.
     */
    public Series averagedTo(int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1, got " + maxPoints);
        }
        if (size() <= maxPoints) {
            return this;
        }
        double[] nx = new double[maxPoints];
        double[] ny = new double[maxPoints];
        for (int b = 0; b < maxPoints; b++) {
            int from = (int) ((long) b * size() / maxPoints);
            int to = (int) ((long) (b + 1) * size() / maxPoints);
            double sx = 0;
            double sy = 0;
            int n = 0;
            for (int i = from; i < to; i++) {
                if (!Double.isNaN(y[i])) {
                    sx += x[i];
                    sy += y[i];
                    n++;
                }
            }
            nx[b] = n == 0 ? x[from] : sx / n;
            ny[b] = n == 0 ? Double.NaN : sy / n;
        }
        return new Series(name, nx, ny);
    }

    /** The last non-missing y value, or NaN when there is none. */
    public double last() {
        for (int i = y.length - 1; i >= 0; i--) {
            if (!Double.isNaN(y[i])) {
                return y[i];
            }
        }
        return Double.NaN;
    }

    @Override
    public String toString() {
        return "Series[" + name + ", n=" + size() + ", y=" + Arrays.toString(y) + "]";
    }
}
