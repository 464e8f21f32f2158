package io.github.resnetcourse.kit.plot;

import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.train.BatchRecord;
import io.github.resnetcourse.kit.train.Callback;
import io.github.resnetcourse.kit.train.CallbackOrder;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Learner;

/**
 * A live chart of loss, accuracy and learning rate that redraws in place while the learner trains
 * (lesson 07's monitor): {@code learner.addCallback(new TrainingMonitor());} redraws after every
 * epoch; {@code TrainingMonitor.everyBatches(20)} also redraws every 20 batches, so the curves move
 * during an epoch. On a console, where outputs cannot be replaced, it prints one summary line per
 * redraw instead.
 */
public final class TrainingMonitor implements Callback {
    private final int everyBatches;
    private DisplayHandle handle;

    /** Draws the epoch as every other callback left it. */
    @Override
    public CallbackOrder order() {
        return CallbackOrder.REPORT;
    }

    /** A monitor that shows its chart after the first epoch and redraws after each. */
    public TrainingMonitor() {
        this(0);
    }

    private TrainingMonitor(int everyBatches) {
        this.everyBatches = everyBatches;
    }

    /**
     * A monitor that also redraws every {@code n} batches, placing each batch at its fraction of
     * the epoch. Each redraw sends the whole figure to the front end: keep {@code n} so that a
     * redraw comes every few seconds, not many times a second.
     */
    public static TrainingMonitor everyBatches(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("redraw interval n=" + n + " must be >= 1.");
        }
        return new TrainingMonitor(n);
    }

    @Override
    public void afterBatch(Learner learner, BatchRecord record) {
        if (everyBatches > 0 && record.batch() % everyBatches == 0) {
            show(LiveMonitorChart.of(learner.history(), learner.batchesPerEpoch().orElse(0)));
        }
    }

    @Override
    public void afterEpoch(Learner learner, EpochRecord record) {
        if (everyBatches > 0) {
            show(LiveMonitorChart.of(learner.history(), learner.batchesPerEpoch().orElse(0)));
        } else {
            redraw(learner.history());
        }
    }

    void redraw(History history) {
        show(Charts.monitor(history));
    }

    private void show(Chart chart) {
        if (handle == null) {
            handle = Charts.show(chart);
        } else {
            Charts.update(handle, chart);
        }
    }
}
