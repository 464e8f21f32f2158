package io.github.resnetcourse.kit.train;

import java.util.Locale;
import java.util.Objects;

/**
 * Stops training when the monitored metric has not improved by at least {@code minDelta} for {@code
 * patience} epochs, and restores the best weights (which seed 000 forgets to do). Prints seed 000's
 * exact lines:
 *
 * <pre>
 * Validation loss decreased (inf --&gt; 0.188087).  Saving model ...
 * EarlyStopping counter: 1 out of 5
 * </pre>
 *
 * The best weights are kept as an in-memory copy; combine with {@link SaveBestModel} for a file.
 */
public final class EarlyStopping implements Callback {
    private final Metric metric;
    private final Mode mode;
    private final int patience;
    private final double minDelta;
    private final Restore restore;

    private Double bestScore;
    private double bestValue;
    private int bestEpoch;
    private int counter;
    private WeightsSnapshot best;
    private boolean stopped;

    /** Whether to put the best weights back when training ends. */
    public enum Restore {
        /** Restore the best epoch's weights (default). */
        BEST_WEIGHTS,
        /** Keep the last epoch's weights (Keras' and seed 000's behaviour). */
        LAST_WEIGHTS
    }

    private EarlyStopping(
            Metric metric, Mode mode, int patience, double minDelta, Restore restore) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience=" + patience + " must be >= 1.");
        }
        if (minDelta < 0) {
            throw new IllegalArgumentException("min_delta=" + minDelta + " must be >= 0.");
        }
        this.metric = Objects.requireNonNull(metric, "metric");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.patience = patience;
        this.minDelta = minDelta;
        this.restore = Objects.requireNonNull(restore, "restore");
    }

    /** Seed 000's settings: validation loss, patience 7, min delta 0.001. */
    public static EarlyStopping onValidLoss() {
        return on(Metric.VALID_LOSS);
    }

    /** Monitors {@code metric} in its natural mode, patience 7, min delta 0.001. */
    public static EarlyStopping on(Metric metric) {
        return new EarlyStopping(metric, metric.naturalMode(), 7, 0.001, Restore.BEST_WEIGHTS);
    }

    /** Epochs without improvement before stopping. */
    public EarlyStopping patience(int epochs) {
        return new EarlyStopping(metric, mode, epochs, minDelta, restore);
    }

    /** The least change that counts as an improvement. */
    public EarlyStopping minDelta(double delta) {
        return new EarlyStopping(metric, mode, patience, delta, restore);
    }

    /** Min or max (defaults to the metric's natural mode). */
    public EarlyStopping mode(Mode m) {
        return new EarlyStopping(metric, m, patience, minDelta, restore);
    }

    /** Whether to restore the best weights at the end (default yes). */
    public EarlyStopping restore(Restore r) {
        return new EarlyStopping(metric, mode, patience, minDelta, r);
    }

    @Override
    public void afterEpoch(Learner learner, EpochRecord epoch) {
        double value = metric.of(epoch);
        double score = mode == Mode.MIN ? -value : value;
        // Seed 000's rule, in score space: improvement needs score >= best + delta.
        boolean better =
                !Double.isNaN(score) && (bestScore == null || score >= bestScore + minDelta);
        if (better) {
            improved(learner, epoch, value, score);
        } else {
            counter++;
            System.out.println("EarlyStopping counter: " + counter + " out of " + patience);
            if (counter >= patience) {
                stopped = true;
                System.out.println("Early stopping");
                learner.stop(
                        StopReason.EARLY_STOPPED,
                        String.format(
                                Locale.ROOT,
                                "Early stopping at epoch %d: %s has not improved for %d epochs"
                                        + " (best %.6f at epoch %d).",
                                epoch.epoch(),
                                metric.label(),
                                patience,
                                bestValue,
                                bestEpoch));
            }
        }
    }

    private void improved(Learner learner, EpochRecord epoch, double value, double score) {
        double previous =
                bestScore == null
                        ? (mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
                        : bestValue;
        System.out.println(
                metric.label()
                        + (mode == Mode.MIN ? " decreased (" : " increased (")
                        + fixed6(previous)
                        + " --> "
                        + fixed6(value)
                        + ").  Saving model ...");
        bestScore = score;
        bestValue = value;
        bestEpoch = epoch.epoch();
        counter = 0;
        if (restore == Restore.BEST_WEIGHTS) {
            if (best != null) {
                best.close();
            }
            best = WeightsSnapshot.of(learner.block(), learner.model().getNDManager());
        }
    }

    @Override
    public void afterFit(Learner learner, StopReason reason) {
        if (best != null && reason != StopReason.INTERRUPTED && bestEpoch != learner.epochsDone()) {
            best.restoreInto(learner.block());
            System.out.printf(
                    Locale.ROOT,
                    "Restored the best weights (epoch %d, %s %.6f).%n",
                    bestEpoch,
                    metric.label().toLowerCase(Locale.ROOT),
                    bestValue);
        }
    }

    /** Whether this callback stopped a fit. */
    public boolean stopped() {
        return stopped;
    }

    /** The epoch with the best monitored value so far (0 before the first epoch). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value so far. */
    public double bestValue() {
        return bestValue;
    }

    /** Python's {@code f'{x:.6f}'}: infinities print as {@code inf}/{@code -inf}. */
    static String fixed6(double x) {
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(x)) {
            return "nan";
        }
        return String.format(Locale.ROOT, "%.6f", x);
    }
}
