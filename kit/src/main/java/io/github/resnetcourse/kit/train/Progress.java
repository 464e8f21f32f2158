package io.github.resnetcourse.kit.train;

import io.github.resnetcourse.kit.notebook.DisplayHandle;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows training progress: in a notebook, one line updated in place (throttled to a few updates per
 * second); on a console, nothing per batch unless asked. Every epoch ends with a printed summary
 * line. {@link #everyBatches(int)} adds the seeds' periodic "Batch 100/782 | loss ..." lines.
 */
public final class Progress implements Callback {
    private static final long MIN_UPDATE_NANOS = 250_000_000L;

    private final int printEvery;
    private final LongSupplier clock;
    private DisplayHandle handle;
    private long lastUpdate;
    private int lastEpoch;
    private double lossSum;
    private long correct;
    private long seen;
    private long epochStart;

    /** Shows the epoch as every other callback left it. */
    @Override
    public CallbackOrder order() {
        return CallbackOrder.REPORT;
    }

    private Progress(int printEvery, LongSupplier clock) {
        this.printEvery = printEvery;
        this.clock = clock;
    }

    /** A live line in a notebook and an epoch summary everywhere. */
    public static Progress bar() {
        return new Progress(0, System::nanoTime);
    }

    /** Also prints a line every {@code n} batches, like the seeds' {@code if batch % n == 0}. */
    public static Progress everyBatches(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("print interval n=" + n + " must be >= 1.");
        }
        return new Progress(n, System::nanoTime);
    }

    /** A progress display reading time from {@code clock} (nanoseconds), for tests. */
    static Progress withClock(int printEvery, LongSupplier clock) {
        return new Progress(printEvery, clock);
    }

    @Override
    public void beforeFit(Learner learner, FitPlan plan) {
        lastEpoch = learner.epochsDone() + plan.epochs();
        handle = null;
    }

    @Override
    public void beforeEpoch(Learner learner, int epoch) {
        lossSum = 0;
        correct = 0;
        seen = 0;
        epochStart = clock.getAsLong();
        lastUpdate = 0;
    }

    @Override
    public void afterBatch(Learner learner, BatchRecord r) {
        lossSum += r.loss() * r.size();
        correct += r.correct();
        seen += r.size();
        String total =
                learner.batchesPerEpoch().isPresent()
                        ? String.valueOf(learner.batchesPerEpoch().getAsInt())
                        : "?";
        if (printEvery > 0 && r.batch() % printEvery == 0) {
            System.out.printf(
                    Locale.ROOT,
                    "Epoch %d/%d | Batch %d/%s | loss %.4f%n",
                    r.epoch(),
                    lastEpoch,
                    r.batch(),
                    total,
                    r.loss());
        }
        long now = clock.getAsLong();
        if (Notebook.updatesInPlace() && now - lastUpdate >= MIN_UPDATE_NANOS) {
            lastUpdate = now;
            String line =
                    String.format(
                            Locale.ROOT,
                            "Epoch %d/%d [%s] batch %d/%s  loss %.4f  acc %.2f%%  lr %.3g  %.1f s",
                            r.epoch(),
                            lastEpoch,
                            learner.stage(),
                            r.batch(),
                            total,
                            lossSum / seen,
                            100.0 * correct / seen,
                            r.lr(),
                            (now - epochStart) / 1e9);
            MimeBundle b = MimeBundle.text(line);
            if (handle == null) {
                handle = Notebook.show(b);
            } else {
                handle.update(b);
            }
        }
    }

    @Override
    public void afterEpoch(Learner learner, EpochRecord e) {
        String valid =
                e.validated()
                        ? String.format(
                                Locale.ROOT,
                                " | valid loss %.4f acc %.2f%%",
                                e.validLoss(),
                                e.validAccuracy() * 100)
                        : "";
        System.out.printf(
                Locale.ROOT,
                "Epoch %d/%d [%s] train loss %.4f acc %.2f%%%s | lr %.3g | %.1f s%n",
                e.epoch(),
                lastEpoch,
                e.stage(),
                e.trainLoss(),
                e.trainAccuracy() * 100,
                valid,
                e.lr(),
                e.seconds());
    }
}
