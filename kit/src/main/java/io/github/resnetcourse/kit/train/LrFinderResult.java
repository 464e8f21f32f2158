package io.github.resnetcourse.kit.train;

import java.util.List;
import java.util.Locale;

/**
 * The curve an {@link LrFinder} recorded — the rate, raw loss and smoothed loss of every batch of
 * the sweep — and fastai's two classic suggestions read from the smoothed curve:
 *
 * <ul>
 *   <li>{@link #minimumOverTen()}: the rate at the lowest smoothed loss, divided by 10 (at the
 *       minimum the rate is already about to blow up; a tenth of it still learns fast). The kit's
 *       lessons use this one: it is the more conservative of the two.
 *   <li>{@link #steepest()}: the rate where the smoothed loss falls fastest per step in log-rate.
 * </ul>
 *
 * <p>As fastai does, both ignore the first tenth of the sweep (the average is still warming up) and
 * its last five points (where it diverges).
 */
public final class LrFinderResult {
    private final List<Double> rates;
    private final List<Double> losses;
    private final List<Double> smoothed;
    private final boolean diverged;

    LrFinderResult(
            List<Double> rates, List<Double> losses, List<Double> smoothed, boolean diverged) {
        if (rates.size() < 2) {
            throw new IllegalStateException(
                    "The sweep recorded "
                            + rates.size()
                            + " batch(es); it needs at least 2. Give it more data or iterations.");
        }
        this.rates = List.copyOf(rates);
        this.losses = List.copyOf(losses);
        this.smoothed = List.copyOf(smoothed);
        this.diverged = diverged;
    }

    /** The learning rate of each batch of the sweep, growing exponentially. */
    public List<Double> rates() {
        return rates;
    }

    /** Each batch's loss as measured. */
    public List<Double> losses() {
        return losses;
    }

    /** The debiased exponential moving average of the loss (β = 0.98), what the chart shows. */
    public List<Double> smoothedLosses() {
        return smoothed;
    }

    /** Whether the sweep ended early because the smoothed loss exceeded 4× its best. */
    public boolean diverged() {
        return diverged;
    }

    /** The rate at the lowest smoothed loss, over 10: the suggestion the lessons use. */
    public double minimumOverTen() {
        int[] r = window();
        int best = r[0];
        for (int i = r[0]; i < r[1]; i++) {
            if (smoothed.get(i) < smoothed.get(best)) {
                best = i;
            }
        }
        return rates.get(best) / 10;
    }

    /** The rate where the smoothed loss decreases fastest against log(rate). */
    public double steepest() {
        int[] r = window();
        if (r[1] - r[0] < 2) {
            return rates.get(r[0]);
        }
        int best = r[0];
        double steepest = Double.POSITIVE_INFINITY;
        for (int i = r[0]; i + 1 < r[1]; i++) {
            double slope =
                    (smoothed.get(i + 1) - smoothed.get(i))
                            / (Math.log(rates.get(i + 1)) - Math.log(rates.get(i)));
            if (slope < steepest) {
                steepest = slope;
                best = i;
            }
        }
        return rates.get(best);
    }

    /**
     * The part of the curve the suggestions read: fastai's {@code [n // 10 : -5]}, if long enough.
     */
    private int[] window() {
        int n = rates.size();
        int from = n / 10;
        int to = n - 5;
        if (to - from < 2) {
            return new int[] {0, n};
        }
        return new int[] {from, to};
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "LR finder: %d batches, rate %.1e to %.1e%s; minimum/10 = %.2e, steepest = %.2e",
                rates.size(),
                rates.get(0),
                rates.get(rates.size() - 1),
                diverged ? " (stopped: loss diverged)" : "",
                minimumOverTen(),
                steepest());
    }
}
