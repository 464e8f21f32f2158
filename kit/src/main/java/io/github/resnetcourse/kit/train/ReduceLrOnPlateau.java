package io.github.resnetcourse.kit.train;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * PyTorch's {@code ReduceLROnPlateau}: after {@code patience} epochs without improvement of the
 * monitored metric, multiplies the rate by {@code factor} (not below {@code minLr}), then waits
 * {@code cooldown} epochs. Every threshold, mode and counter follows PyTorch's implementation. The
 * learner steps it after each validation with the epoch's metric.
 *
 * <pre>{@code
 * ReduceLrOnPlateau.onValidLoss().factor(0.5).patience(2)            // seed 004
 * ReduceLrOnPlateau.on(Metric.VALID_ACCURACY).factor(0.5).patience(3) // seed 002 (mode max)
 * }</pre>
 */
public final class ReduceLrOnPlateau implements LrSchedule {
    /** How {@code threshold} is applied: relative to the best value, or as an absolute margin. */
    public enum ThresholdMode {
        /** Improvement means beating best × (1 ∓ threshold) — PyTorch's default. */
        REL,
        /** Improvement means beating best ∓ threshold. */
        ABS
    }

    private final Metric metric;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;

    private ReduceLrOnPlateau(
            Metric metric,
            Mode mode,
            double factor,
            int patience,
            double threshold,
            ThresholdMode thresholdMode,
            int cooldown,
            double minLr,
            double eps) {
        if (!(factor < 1.0) || !(factor >= 0)) {
            throw new IllegalArgumentException(
                    "ReduceLROnPlateau factor=" + factor + " must be in [0, 1).");
        }
        if (patience < 0 || cooldown < 0 || minLr < 0 || eps < 0 || threshold < 0) {
            throw new IllegalArgumentException(
                    "ReduceLROnPlateau needs patience, cooldown, min_lr, eps and threshold >= 0.");
        }
        this.metric = Objects.requireNonNull(metric, "metric");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = Objects.requireNonNull(thresholdMode, "thresholdMode");
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        reset();
    }

    /** Monitors {@code metric} in its natural mode with PyTorch's defaults. */
    public static ReduceLrOnPlateau on(Metric metric) {
        return new ReduceLrOnPlateau(
                metric, metric.naturalMode(), 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    /** Monitors the validation loss (mode min) with PyTorch's defaults. */
    public static ReduceLrOnPlateau onValidLoss() {
        return on(Metric.VALID_LOSS);
    }

    /** Monitors the validation accuracy (mode max) with PyTorch's defaults. */
    public static ReduceLrOnPlateau onValidAccuracy() {
        return on(Metric.VALID_ACCURACY);
    }

    /** {@code mode}: min or max. */
    public ReduceLrOnPlateau mode(Mode m) {
        return new ReduceLrOnPlateau(
                metric, m, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** {@code factor}: new lr = lr × factor. */
    public ReduceLrOnPlateau factor(double f) {
        return new ReduceLrOnPlateau(
                metric, mode, f, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** {@code patience}: epochs without improvement before a reduction. */
    public ReduceLrOnPlateau patience(int p) {
        return new ReduceLrOnPlateau(
                metric, mode, factor, p, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** {@code threshold} and {@code threshold_mode}. */
    public ReduceLrOnPlateau threshold(double t, ThresholdMode tm) {
        return new ReduceLrOnPlateau(metric, mode, factor, patience, t, tm, cooldown, minLr, eps);
    }

    /** {@code cooldown}: epochs to wait after a reduction before counting again. */
    public ReduceLrOnPlateau cooldown(int c) {
        return new ReduceLrOnPlateau(
                metric, mode, factor, patience, threshold, thresholdMode, c, minLr, eps);
    }

    /** {@code min_lr}: the floor. */
    public ReduceLrOnPlateau minLr(double m) {
        return new ReduceLrOnPlateau(
                metric, mode, factor, patience, threshold, thresholdMode, cooldown, m, eps);
    }

    /** {@code eps}: reductions smaller than this are ignored. */
    public ReduceLrOnPlateau eps(double e) {
        return new ReduceLrOnPlateau(
                metric, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, e);
    }

    private void reset() {
        best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        numBadEpochs = 0;
        cooldownCounter = 0;
    }

    @Override
    public double start(double lr, FitPlan plan) {
        reset();
        return lr;
    }

    @Override
    public double afterEpoch(double lr, EpochRecord epoch) {
        return step(lr, metric.of(epoch));
    }

    /** One {@code scheduler.step(metrics)} with an explicit value; returns the new rate. */
    public double step(double lr, double current) {
        if (isBetter(current)) {
            best = current;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            cooldownCounter = cooldown;
            numBadEpochs = 0;
            double reduced = Math.max(lr * factor, minLr);
            if (lr - reduced > eps) {
                return reduced;
            }
        }
        return lr;
    }

    /**
     * {@code {best, num_bad_epochs, cooldown_counter}}: PyTorch's names; {@code best} is infinite
     * before the first epoch.
     */
    @Override
    public Map<String, Double> state() {
        return Map.of(
                "best", best,
                "num_bad_epochs", (double) numBadEpochs,
                "cooldown_counter", (double) cooldownCounter);
    }

    @Override
    public void loadState(Map<String, Double> state) {
        double b = ScheduleState.number(state, "best", "ReduceLROnPlateau");
        int bad = ScheduleState.counter(state, "num_bad_epochs", "ReduceLROnPlateau");
        int cool = ScheduleState.counter(state, "cooldown_counter", "ReduceLROnPlateau");
        if (Double.isNaN(b)) {
            throw new IllegalArgumentException("ReduceLROnPlateau state best=NaN is not a value.");
        }
        best = b;
        numBadEpochs = bad;
        cooldownCounter = cool;
    }

    private boolean isBetter(double a) {
        if (mode == Mode.MIN) {
            return thresholdMode == ThresholdMode.REL
                    ? a < best * (1 - threshold)
                    : a < best - threshold;
        }
        return thresholdMode == ThresholdMode.REL
                ? a > best * (threshold + 1)
                : a > best + threshold;
    }

    @Override
    public String describe() {
        return String.format(
                Locale.ROOT,
                "ReduceLROnPlateau(%s, mode=%s, factor=%s, patience=%d, threshold=%s,"
                        + " threshold_mode=%s, cooldown=%d, min_lr=%s, eps=%s)",
                metric.label(),
                mode.name().toLowerCase(Locale.ROOT),
                factor,
                patience,
                threshold,
                thresholdMode.name().toLowerCase(Locale.ROOT),
                cooldown,
                minLr,
                eps);
    }
}
