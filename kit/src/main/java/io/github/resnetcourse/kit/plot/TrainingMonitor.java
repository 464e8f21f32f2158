package io.github.resnetcourse.kit.plot;

import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.train.Callback;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Learner;

/**
 * A live chart of loss, accuracy and learning rate that redraws in place after every epoch (lesson
 * 07's monitor): {@code learner.addCallback(new TrainingMonitor());}. On a console, where outputs
 * cannot be replaced, it prints one summary line per epoch instead.
 */
public final class TrainingMonitor implements Callback {
    private DisplayHandle handle;

    /** A monitor that shows its chart after the first epoch. */
    public TrainingMonitor() {}

    @Override
    public void afterEpoch(Learner learner, EpochRecord record) {
        redraw(learner.history());
    }

    void redraw(History history) {
        Chart chart = Charts.monitor(history);
        if (handle == null) {
            handle = Charts.show(chart);
        } else {
            Charts.update(handle, chart);
        }
    }
}
