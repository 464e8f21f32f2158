package io.github.resnetcourse.kit.plot;

import io.github.resnetcourse.kit.train.LrFinderResult;
import java.util.List;
import java.util.Locale;

/**
 * The learning-rate finder's curve: smoothed loss against the learning rate on a log axis, the raw
 * batch losses faintly behind it, and the suggested rates as vertical lines.
 */
public final class LrFinderChart {
    private LrFinderChart() {}

    /** The chart of {@code result} with its minimum/10 and steepest suggestions marked. */
    public static Chart of(LrFinderResult result) {
        double[] x = toArray(result.rates());
        double[] smooth = toArray(result.smoothedLosses());
        double[] raw = toArray(result.losses());
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : smooth) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        // Vertical marks as two-point lines: they sit right on a log axis without plotly's
        // shape-coordinate rules.
        double[] span = {lo, hi};
        double min10 = result.minimumOverTen();
        double steep = result.steepest();
        return Charts.lines(
                        "Learning-rate finder",
                        "learning rate",
                        "loss",
                        AxisScale.LINEAR,
                        List.of(
                                Series.of("smoothed loss", x, smooth),
                                Series.of("batch loss", x, raw),
                                Series.of(
                                        String.format(Locale.ROOT, "minimum/10 = %.1e", min10),
                                        new double[] {min10, min10},
                                        span),
                                Series.of(
                                        String.format(Locale.ROOT, "steepest = %.1e", steep),
                                        new double[] {steep, steep},
                                        span)))
                .withXScale(AxisScale.LOG);
    }

    private static double[] toArray(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
