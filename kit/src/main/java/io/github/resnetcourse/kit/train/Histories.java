package io.github.resnetcourse.kit.train;

import java.util.Objects;

/**
 * Joins the histories of stages that ran in different learners onto one time axis (say a head
 * trained in a learner of its own, then the whole model in another), so that one chart shows the
 * whole fine-tune as {@link Learner#fineTune} would have recorded it. A frozen stage on cached
 * features needs none of this: it runs in the model's own learner ({@link
 * Learner#setFrozenBackbone}).
 */
public final class Histories {
    private Histories() {}

    /**
     * A new history holding {@code stages} one after the other: each stage's epochs are renumbered
     * to follow the previous stage's last epoch, and its batches' iterations to follow the previous
     * stage's last iteration. Stage labels, losses, rates and times are kept as recorded.
     */
    public static History concat(History... stages) {
        History joined = new History();
        int epochOffset = 0;
        long iterationOffset = 0;
        for (History stage : stages) {
            Objects.requireNonNull(stage, "stage");
            int lastEpoch = 0;
            long lastIteration = 0;
            for (BatchRecord b : stage.batches()) {
                joined.afterBatch(
                        null,
                        new BatchRecord(
                                b.iteration() + iterationOffset,
                                b.epoch() + epochOffset,
                                b.batch(),
                                b.loss(),
                                b.correct(),
                                b.size(),
                                b.lr(),
                                b.stage()));
                lastIteration = Math.max(lastIteration, b.iteration());
            }
            for (EpochRecord e : stage.epochs()) {
                joined.afterEpoch(
                        null,
                        new EpochRecord(
                                e.epoch() + epochOffset,
                                e.stage(),
                                e.trainLoss(),
                                e.trainAccuracy(),
                                e.validLoss(),
                                e.validAccuracy(),
                                e.lr(),
                                e.seconds(),
                                e.batches()));
                lastEpoch = Math.max(lastEpoch, e.epoch());
            }
            epochOffset += lastEpoch;
            iterationOffset += lastIteration;
        }
        return joined;
    }
}
