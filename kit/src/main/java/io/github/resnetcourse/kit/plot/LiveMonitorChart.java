package io.github.resnetcourse.kit.plot;

import io.github.resnetcourse.kit.train.BatchRecord;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live monitor's figure, drawn while an epoch is still running: loss, accuracy and learning
 * rate against the epoch, where batch {@code b} of epoch {@code e} sits at {@code e − 1 +
 * b/batchesPerEpoch}. Batches show the running mean of the epoch so far (what a progress bar
 * reports); finished epochs add their train and validation values as points on whole numbers.
 */
final class LiveMonitorChart {
    private LiveMonitorChart() {}

    /**
     * The figure for {@code history}; {@code batchesPerEpoch} places the batches of the running
     * epoch (0 when unknown: the epoch's batches so far fill it).
     */
    static Chart of(History history, int batchesPerEpoch) {
        List<BatchRecord> batches = history.batches();
        List<EpochRecord> epochs = history.epochs();
        Map<Integer, Integer> perEpoch = new HashMap<>();
        for (BatchRecord b : batches) {
            perEpoch.merge(b.epoch(), b.batch(), Math::max);
        }
        int n = batches.size();
        double[] x = new double[n];
        double[] loss = new double[n];
        double[] acc = new double[n];
        double[] lr = new double[n];
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int epoch = -1;
        for (int i = 0; i < n; i++) {
            BatchRecord b = batches.get(i);
            if (b.epoch() != epoch) {
                epoch = b.epoch();
                lossSum = 0;
                correct = 0;
                seen = 0;
            }
            boolean running = epochs.isEmpty() || b.epoch() > epochs.get(epochs.size() - 1).epoch();
            int total = running && batchesPerEpoch > 0 ? batchesPerEpoch : perEpoch.get(b.epoch());
            x[i] = b.epoch() - 1 + (double) b.batch() / total;
            lossSum += b.loss() * b.size();
            correct += b.correct();
            seen += b.size();
            loss[i] = lossSum / seen;
            acc[i] = 100.0 * correct / seen; // percent, as every accuracy chart
            lr[i] = b.lr();
        }
        List<Series> lossSeries = new ArrayList<>();
        List<Series> accSeries = new ArrayList<>();
        lossSeries.add(Series.of("train (running)", x, loss));
        accSeries.add(Series.of("train (running)", x, acc));
        if (!epochs.isEmpty()) {
            double[] e = history.epochNumbers();
            lossSeries.add(Series.of("train (epoch)", e, history.trainLoss()));
            accSeries.add(Series.of("train (epoch)", e, history.trainAccuracy()).scaledBy(100));
            if (epochs.get(0).validated()) {
                lossSeries.add(Series.of("valid", e, history.validLoss()));
                accSeries.add(Series.of("valid", e, history.validAccuracy()).scaledBy(100));
            }
        }
        String title =
                n == 0
                        ? "Training monitor"
                        : String.format(
                                Locale.ROOT,
                                "Training monitor (epoch %d, batch %d)",
                                batches.get(n - 1).epoch(),
                                batches.get(n - 1).batch());
        return Charts.grid(
                title,
                3,
                Charts.lines("Loss", "epoch", "loss", AxisScale.LINEAR, lossSeries),
                Charts.lines(
                        "Accuracy", "epoch", Charts.ACCURACY_TITLE, AxisScale.LINEAR, accSeries),
                Charts.lines(
                        "Learning rate",
                        "epoch",
                        "learning rate",
                        AxisScale.LOG,
                        List.of(Series.of("learning rate", x, lr))));
    }
}
