package io.github.resnetcourse.kit.train;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

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
 *
 * <p>A {@link Checkpoint} holds this callback's state (best value and epoch, counter, and the best
 * weights when they are not the checkpoint's own), and {@link Checkpoint#resume} puts it back, so a
 * resumed run stops at the same epoch and restores the same weights as the unbroken one.
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
    private int stoppedEpoch;

    /** Judges each epoch after the history has it, before anything is saved. */
    @Override
    public CallbackOrder order() {
        return CallbackOrder.JUDGE;
    }

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
        if (improves(value)) {
            improved(learner, epoch, value, score(value));
        } else {
            counter++;
            System.out.println("EarlyStopping counter: " + counter + " out of " + patience);
            if (counter >= patience) {
                stopped = true;
                stoppedEpoch = epoch.epoch();
                System.out.println("Early stopping");
                throw new StopTraining(
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

    private double score(double value) {
        return mode == Mode.MIN ? -value : value;
    }

    /** Seed 000's rule, in score space: an improvement needs score >= best + delta. */
    private boolean improves(double value) {
        double score = score(value);
        return !Double.isNaN(score) && (bestScore == null || score >= bestScore + minDelta);
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

    // ---------------------------------------------------------------- checkpoint state

    /** Where a checkpoint keeps early stopping's best weights. */
    enum BestWeights {
        /** None kept: no best yet, or {@link Restore#LAST_WEIGHTS}. */
        NONE,
        /** The checkpoint's own weights are the best: stored once, not twice. */
        CHECKPOINT_WEIGHTS,
        /** A copy in the checkpoint's callback arrays, under this callback's owner key. */
        CALLBACK_ARRAYS
    }

    /** This callback's state as a checkpoint stores it (JSON). */
    static final class Saved {
        Metric metric;
        Mode mode;
        int patience;
        double minDelta;
        Restore restore;
        Double bestValue; // null: nothing judged better yet
        int bestEpoch;
        int counter;
        int stoppedEpoch; // 0: has not stopped a fit
        BestWeights bestWeights;

        /** One line for notes, e.g. {@code validation loss (best 0.41 at epoch 3, counter 2/3)}. */
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s (best %s at epoch %d, counter %d out of %d)",
                    metric == null ? "an unknown metric" : metric.label().toLowerCase(Locale.ROOT),
                    bestValue == null ? "none" : fixed6(bestValue),
                    bestEpoch,
                    counter,
                    patience);
        }
    }

    /**
     * The settings a checkpoint of {@code learner} written now holds. Callbacks that save run after
     * this one ({@link CallbackOrder#SAVE}, or {@code NORMAL} for one's own), so the epoch just
     * ended has been judged: the file never holds a state one epoch behind its weights.
     */
    private Saved settingsFor(Learner learner) {
        Saved s = new Saved();
        s.metric = metric;
        s.mode = mode;
        s.patience = patience;
        s.minDelta = minDelta;
        s.restore = restore;
        s.bestValue = bestScore == null ? null : bestValue;
        s.bestEpoch = bestEpoch;
        s.counter = counter;
        s.stoppedEpoch = stopped ? stoppedEpoch : 0;
        s.bestWeights = best == null ? BestWeights.NONE : BestWeights.CALLBACK_ARRAYS;
        if (s.bestWeights == BestWeights.CALLBACK_ARRAYS && best.matches(learner.block())) {
            // The best epoch's weights are the weights being saved (saved at the best epoch, or
            // after the best weights were restored): store them once.
            s.bestWeights = BestWeights.CHECKPOINT_WEIGHTS;
        }
        return s;
    }

    /**
     * This callback's share of a checkpoint: its settings, and its best weights (by parameter name)
     * when they are not the weights being saved.
     */
    record State(Saved settings, Map<String, NDArray> arrays) {}

    /** The state a checkpoint of {@code learner} written now holds. */
    State state(Learner learner) {
        Saved s = settingsFor(learner);
        return new State(
                s, s.bestWeights == BestWeights.CALLBACK_ARRAYS ? best.arrays() : Map.of());
    }

    /**
     * Continues from a checkpoint's state {@code s}, written after {@code epoch}; {@code
     * storedBest} reads the best weights the checkpoint stored for this callback. Settings that
     * differ from this callback's are named in a note: another mode starts afresh, another patience
     * or min delta goes on with this callback's. If the saved run had stopped at that epoch with
     * its best weights elsewhere, they are restored now, as the end of that fit would have.
     */
    void loadState(Saved s, int epoch, Learner learner, Supplier<WeightsSnapshot> storedBest) {
        if (mode != s.mode) {
            System.out.println(
                    "Note: the checkpoint's early stopping on "
                            + s.describe()
                            + " was in mode "
                            + s.mode
                            + ", the learner's is in mode "
                            + mode
                            + "; it starts afresh.");
            reset();
            return;
        }
        if (patience != s.patience || minDelta != s.minDelta) {
            System.out.println(
                    "Note: the checkpoint's early stopping on "
                            + s.describe()
                            + " had patience "
                            + s.patience
                            + " and min_delta "
                            + s.minDelta
                            + ", the learner's has patience "
                            + patience
                            + " and min_delta "
                            + minDelta
                            + "; it goes on with the learner's.");
        }
        WeightsSnapshot stored = null;
        if (restore == Restore.BEST_WEIGHTS) {
            stored =
                    switch (s.bestWeights == null ? BestWeights.NONE : s.bestWeights) {
                        case NONE -> null;
                        case CHECKPOINT_WEIGHTS ->
                                WeightsSnapshot.of(learner.block(), learner.model().getNDManager());
                        case CALLBACK_ARRAYS -> storedBest.get();
                    };
            if (stored == null && s.bestValue != null) {
                System.out.println(
                        "Note: the checkpoint's early stopping on "
                                + s.describe()
                                + " kept no best weights (Restore.LAST_WEIGHTS); the learner's"
                                + " restores only a better epoch's.");
            }
        }
        continueFrom(s, epoch, stored);
        if (stored != null
                && s.stoppedEpoch == epoch
                && s.bestWeights == BestWeights.CALLBACK_ARRAYS) {
            // Written after the epoch that stopped the run, before the end of the fit: the saved
            // run went on to restore the best weights, so the resumed one does too.
            afterFit(learner, StopReason.EARLY_STOPPED);
        }
    }

    /**
     * Continues from {@code saved} (a resumed checkpoint's state, after {@code epoch}), with {@code
     * bestWeights} the best epoch's weights (or null if none were kept); takes ownership of the
     * snapshot.
     */
    private void continueFrom(Saved saved, int epoch, WeightsSnapshot bestWeights) {
        bestScore = saved.bestValue == null ? null : score(saved.bestValue);
        bestValue = saved.bestValue == null ? 0 : saved.bestValue;
        bestEpoch = saved.bestEpoch;
        counter = saved.counter;
        stopped = saved.stoppedEpoch > 0;
        stoppedEpoch = saved.stoppedEpoch;
        if (best != null) {
            best.close();
        }
        best = restore == Restore.BEST_WEIGHTS ? bestWeights : null;
        if (best == null && bestWeights != null) {
            bestWeights.close();
        }
    }

    /** Forgets the state (a resumed run whose checkpoint holds none for this callback). */
    void reset() {
        Saved fresh = new Saved();
        fresh.patience = patience;
        continueFrom(fresh, 0, null);
    }

    /** The metric this callback monitors. */
    public Metric metric() {
        return metric;
    }

    /** Min or max. */
    public Mode mode() {
        return mode;
    }

    /** Epochs without improvement before stopping. */
    public int patience() {
        return patience;
    }

    /** The least change that counts as an improvement. */
    public double minDelta() {
        return minDelta;
    }

    /** Whether the best weights are restored at the end. */
    public Restore restore() {
        return restore;
    }

    /** Epochs without improvement so far (the printed "EarlyStopping counter"). */
    public int counter() {
        return counter;
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
