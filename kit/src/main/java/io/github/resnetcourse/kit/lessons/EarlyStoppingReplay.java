package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.train.EarlyStopping;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.Learner;
import io.github.resnetcourse.kit.train.StopTraining;
import java.util.Arrays;
import java.util.Locale;

/**
 * Replays a logged run's per-epoch validation losses through the kit's {@link EarlyStopping}, as if
 * a model had produced them, to see when the rule stops and which epoch it keeps: lesson 04's
 * exercise with seed 000's own log. The rule prints its usual lines. No model is trained; the
 * callback judges the numbers given, in order, and the replay ends where training would.
 *
 * @param losses the validation losses replayed, epoch 1 first
 * @param stoppedEpoch the epoch at which the rule stopped training, or 0 if it never did
 * @param bestEpoch the epoch whose weights the rule keeps
 * @param bestLoss that epoch's validation loss
 */
public record EarlyStoppingReplay(
        double[] losses, int stoppedEpoch, int bestEpoch, double bestLoss) {

    /**
     * Feeds {@code validLosses} to a fresh copy of {@code rule}, one epoch at a time, until it
     * stops or the losses run out.
     */
    public static EarlyStoppingReplay of(EarlyStopping rule, double... validLosses) {
        if (validLosses.length == 0) {
            throw new IllegalArgumentException("Give at least one validation loss to replay.");
        }
        // No weights to keep: the numbers stand in for a model.
        EarlyStopping judge = rule.restore(EarlyStopping.Restore.LAST_WEIGHTS);
        try (NDManager manager = NDManager.newBaseManager();
                Learner learner = standIn(manager)) {
            for (int i = 0; i < validLosses.length; i++) {
                int epoch = i + 1;
                try {
                    judge.afterEpoch(
                            learner,
                            new EpochRecord(
                                    epoch,
                                    "replay",
                                    Double.NaN,
                                    Double.NaN,
                                    validLosses[i],
                                    Double.NaN,
                                    Double.NaN,
                                    0,
                                    0));
                } catch (StopTraining stop) {
                    // The rule stopped the (stand-in) fit: the replay ends here too.
                }
                if (judge.stopped()) {
                    return new EarlyStoppingReplay(
                            validLosses.clone(), epoch, judge.bestEpoch(), judge.bestValue());
                }
            }
        }
        return new EarlyStoppingReplay(
                validLosses.clone(), 0, judge.bestEpoch(), judge.bestValue());
    }

    /** A learner the callback can ask to stop; it never trains. */
    private static Learner standIn(NDManager manager) {
        ArrayDataset one =
                new ArrayDataset.Builder()
                        .setData(manager.zeros(new Shape(1, 1)))
                        .optLabels(manager.zeros(new Shape(1)))
                        .setSampling(1, false)
                        .build();
        return Learner.builder()
                .setModel(Linear.builder().setUnits(1).build())
                .setData(one, null)
                .optNoProgress()
                .build();
    }

    /** Whether the rule stopped before the losses ran out. */
    public boolean stopped() {
        return stoppedEpoch > 0;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s after %d epochs; best epoch %d (validation loss %.6f)",
                stopped() ? "stopped" : "did not stop",
                stopped() ? stoppedEpoch : losses.length,
                bestEpoch,
                bestLoss);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EarlyStoppingReplay r
                && Arrays.equals(losses, r.losses)
                && stoppedEpoch == r.stoppedEpoch
                && bestEpoch == r.bestEpoch
                && Double.compare(bestLoss, r.bestLoss) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(losses) + bestEpoch;
    }
}
