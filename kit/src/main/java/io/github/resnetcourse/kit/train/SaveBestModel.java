package io.github.resnetcourse.kit.train;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a {@link Checkpoint} whenever the monitored metric improves (seed 001's {@code if
 * epoch_acc > best_acc: torch.save(state, filename)}), atomically, so the best model survives an
 * interrupted or crashed run. Reload with {@link Checkpoint#read} and {@link
 * Checkpoint#loadWeightsInto}, or continue the run exactly with {@link Checkpoint#resume}; a
 * resumed learner's {@code SaveBestModel} on the same metric starts from the checkpoint's best, so
 * it only overwrites the file with a better model.
 */
public final class SaveBestModel implements Callback {
    private final Path file;
    private final Metric metric;
    private final Mode mode;
    private double best;
    private int bestEpoch;

    /** Saves after every judge, so the file holds their state after this epoch. */
    @Override
    public CallbackOrder order() {
        return CallbackOrder.SAVE;
    }

    private SaveBestModel(Path file, Metric metric, Mode mode) {
        this.file = Objects.requireNonNull(file, "file");
        this.metric = Objects.requireNonNull(metric, "metric");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Saves to {@code file} whenever the validation accuracy improves (seed 001). */
    public static SaveBestModel to(Path file) {
        return new SaveBestModel(file, Metric.VALID_ACCURACY, Mode.MAX);
    }

    /** Monitors {@code m} in its natural mode instead. */
    public SaveBestModel monitor(Metric m) {
        return new SaveBestModel(file, m, m.naturalMode());
    }

    @Override
    public void afterEpoch(Learner learner, EpochRecord epoch) {
        double v = metric.of(epoch);
        boolean better = mode == Mode.MIN ? v < best : v > best;
        if (better) {
            best = v;
            bestEpoch = epoch.epoch();
            Checkpoint.save(file, learner, metric, v);
            System.out.printf(
                    Locale.ROOT,
                    "Saved the best model so far (epoch %d, %s %s) to %s%n",
                    epoch.epoch(),
                    metric.label().toLowerCase(Locale.ROOT),
                    metric.format(v),
                    file);
        }
    }

    /** The metric this callback monitors. */
    public Metric metric() {
        return metric;
    }

    /**
     * Continues from a resumed checkpoint's best value, so the next save needs a better model than
     * the one already in the file.
     */
    void loadState(int epoch, double value) {
        best = value;
        bestEpoch = epoch;
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }

    /** Epoch of the best value so far (0 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best value so far. */
    public double best() {
        return best;
    }
}
