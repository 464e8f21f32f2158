package io.github.resnetcourse.kit.train;

import io.github.resnetcourse.kit.fetch.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Everything a learner has trained so far: one {@link BatchRecord} per training batch and one
 * {@link EpochRecord} per epoch, across all {@code fit} calls (a fine-tune's frozen and unfrozen
 * stages share one time axis). Charts read it through the array accessors or {@link #toTable()}.
 */
public final class History implements Callback {
    private final List<BatchRecord> batches = new ArrayList<>();
    private final List<EpochRecord> epochs = new ArrayList<>();

    /** Records each batch and epoch before any other callback sees it. */
    @Override
    public CallbackOrder order() {
        return CallbackOrder.RECORD;
    }

    /** A history with no records (the learner fills it). */
    public History() {}

    @Override
    public void afterBatch(Learner learner, BatchRecord record) {
        synchronized (this) {
            batches.add(record);
        }
    }

    @Override
    public void afterEpoch(Learner learner, EpochRecord record) {
        synchronized (this) {
            epochs.add(record);
        }
    }

    /** The history's share of a checkpoint: every epoch and batch record. */
    record State(List<EpochRecord> epochs, List<BatchRecord> batches) {}

    /** The records so far (snapshots). */
    synchronized State state() {
        return new State(new ArrayList<>(epochs), new ArrayList<>(batches));
    }

    /** Replaces the records with a checkpoint's. */
    synchronized void loadState(State state) {
        epochs.clear();
        epochs.addAll(state.epochs() == null ? List.of() : state.epochs());
        batches.clear();
        batches.addAll(state.batches() == null ? List.of() : state.batches());
    }

    /** All batch records, oldest first (an unmodifiable snapshot). */
    public synchronized List<BatchRecord> batches() {
        return Collections.unmodifiableList(new ArrayList<>(batches));
    }

    /** All epoch records, oldest first (an unmodifiable snapshot). */
    public synchronized List<EpochRecord> epochs() {
        return Collections.unmodifiableList(new ArrayList<>(epochs));
    }

    /** The last epoch, if any. */
    public synchronized Optional<EpochRecord> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }

    /** The epoch with the best value of {@code metric} in its natural mode. */
    public synchronized Optional<EpochRecord> best(Metric metric) {
        EpochRecord best = null;
        for (EpochRecord e : epochs) {
            double v = metric.of(e);
            if (best == null
                    || (metric.naturalMode() == Mode.MIN
                            ? v < metric.of(best)
                            : v > metric.of(best))) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Global batch indices (x axis of the per-iteration loss chart). */
    public synchronized double[] iterations() {
        return batches.stream().mapToDouble(BatchRecord::iteration).toArray();
    }

    /** Loss of every batch. */
    public synchronized double[] batchLosses() {
        return batches.stream().mapToDouble(BatchRecord::loss).toArray();
    }

    /** Epoch numbers (x axis of per-epoch charts). */
    public double[] epochNumbers() {
        return epochColumn(EpochRecord::epoch);
    }

    /** Mean training loss per epoch. */
    public double[] trainLoss() {
        return epochColumn(EpochRecord::trainLoss);
    }

    /** Training accuracy per epoch (0..1). */
    public double[] trainAccuracy() {
        return epochColumn(EpochRecord::trainAccuracy);
    }

    /** Validation loss per epoch (NaN where not validated). */
    public double[] validLoss() {
        return epochColumn(EpochRecord::validLoss);
    }

    /** Validation accuracy per epoch (0..1, NaN where not validated). */
    public double[] validAccuracy() {
        return epochColumn(EpochRecord::validAccuracy);
    }

    /** Learning rate used in each epoch. */
    public double[] learningRates() {
        return epochColumn(EpochRecord::lr);
    }

    /** Wall-clock seconds per epoch. */
    public double[] seconds() {
        return epochColumn(EpochRecord::seconds);
    }

    /** Stage label of each epoch. */
    public synchronized List<String> stages() {
        return epochs.stream().map(EpochRecord::stage).toList();
    }

    /**
     * Epoch numbers where a new stage begins (e.g. the first unfrozen epoch), for marking stage
     * boundaries on a chart. The first epoch is not a boundary.
     */
    public synchronized List<Integer> stageBoundaries() {
        List<Integer> b = new ArrayList<>();
        for (int i = 1; i < epochs.size(); i++) {
            if (!epochs.get(i).stage().equals(epochs.get(i - 1).stage())) {
                b.add(epochs.get(i).epoch());
            }
        }
        return b;
    }

    private synchronized double[] epochColumn(ToDoubleFunction<EpochRecord> f) {
        return epochs.stream().mapToDouble(f).toArray();
    }

    /**
     * One row per epoch: epoch, stage, train_loss, train_acc, valid_loss, valid_acc, lr, seconds,
     * batches — the column names the charts read ({@code Charts.loss(h.toTable())}).
     */
    public synchronized Table toTable() {
        return Table.create(
                "history",
                IntColumn.create("epoch", epochs.stream().mapToInt(EpochRecord::epoch).toArray()),
                StringColumn.create("stage", epochs.stream().map(EpochRecord::stage).toList()),
                DoubleColumn.create("train_loss", trainLoss()),
                DoubleColumn.create("train_acc", trainAccuracy()),
                DoubleColumn.create("valid_loss", validLoss()),
                DoubleColumn.create("valid_acc", validAccuracy()),
                DoubleColumn.create("lr", learningRates()),
                DoubleColumn.create("seconds", seconds()),
                IntColumn.create(
                        "batches", epochs.stream().mapToInt(EpochRecord::batches).toArray()));
    }

    /**
     * One row per batch: iteration, epoch, batch, loss, correct, size, lr, stage ({@code
     * Charts.iterationLoss(h.batchTable())}).
     */
    public synchronized Table batchTable() {
        return Table.create(
                "batches",
                LongColumn.create(
                        "iteration", batches.stream().mapToLong(BatchRecord::iteration).toArray()),
                IntColumn.create("epoch", batches.stream().mapToInt(BatchRecord::epoch).toArray()),
                IntColumn.create("batch", batches.stream().mapToInt(BatchRecord::batch).toArray()),
                DoubleColumn.create("loss", batchLosses()),
                LongColumn.create(
                        "correct", batches.stream().mapToLong(BatchRecord::correct).toArray()),
                IntColumn.create("size", batches.stream().mapToInt(BatchRecord::size).toArray()),
                DoubleColumn.create("lr", batches.stream().mapToDouble(BatchRecord::lr).toArray()));
    }

    /** Writes the per-epoch table as CSV, atomically (temporary file, then rename). */
    public void writeCsv(Path file) {
        writeAtomically(toTable(), file);
    }

    /** Writes the per-batch table as CSV, atomically. */
    public void writeBatchCsv(Path file) {
        writeAtomically(batchTable(), file);
    }

    private static void writeAtomically(Table table, Path file) {
        try {
            AtomicFiles.write(file, tmp -> table.write().csv(tmp.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the history CSV " + file + ": " + e, e);
        }
    }

    @Override
    public synchronized String toString() {
        return "History[" + epochs.size() + " epochs, " + batches.size() + " batches]";
    }
}
