package io.github.resnetcourse.kit.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import io.github.resnetcourse.kit.data.EpochAware;
import io.github.resnetcourse.kit.eval.EvalResult;
import io.github.resnetcourse.kit.eval.Evaluator;
import io.github.resnetcourse.kit.eval.RunningMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * One epoch of a {@link Learner}: train on every batch (forward, loss, backward, an optimizer step
 * every {@code accumulation} batches), validate, record, and let the callbacks judge it. An epoch
 * ends the fit by throwing {@link StopTraining}: after the batch for an interrupt or a non-finite
 * loss (the epoch's number is then used), after the epoch for early stopping.
 */
final class EpochRunner {
    /**
     * What the loop trains and how; fixed for the learner's life. A fit may train another block on
     * other data ({@link FrozenStages.Inputs}: a frozen stage on cached features).
     */
    record Setup(
            Learner learner,
            Model model,
            Block block,
            Loss loss,
            Dataset trainData,
            Dataset validData,
            NDManager dataManager,
            Integer maxBatches,
            int accumulation) {}

    private final Setup s;
    private final CallbackList callbacks;
    private final Optimization optimization;
    private final RunProgress progress;
    private final Evaluator validation;

    EpochRunner(
            Setup setup,
            CallbackList callbacks,
            Optimization optimization,
            RunProgress progress,
            Evaluator validation) {
        this.s = setup;
        this.callbacks = callbacks;
        this.optimization = optimization;
        this.progress = progress;
        this.validation = validation;
    }

    /** The model on the learner's own data, validated by the learner's evaluator. */
    FrozenStages.Inputs liveInputs() {
        return new FrozenStages.Inputs(s.block(), s.trainData(), s.validData(), validation);
    }

    /**
     * Trains, validates and records the next epoch on {@code in}; throws {@link StopTraining} to
     * end the fit.
     */
    void run(ParameterStore ps, List<Parameter> trainable, FrozenStages.Inputs in) {
        Learner learner = s.learner();
        int epoch = progress.nextEpoch();
        long start = System.nanoTime();
        // Each epoch's randomness depends only on the seed and its number, so that a resumed run
        // shuffles and augments exactly as the uninterrupted one would have.
        Reproducibility.seed(progress.seedOf(epoch));
        double epochLr = optimization.rate().get();
        callbacks.fire(c -> c.beforeEpoch(learner, epoch));
        if (in.train() instanceof EpochAware data) {
            // The data's order and augmentation follow (seed, epoch), like sampler.set_epoch(e).
            data.setEpoch(epoch);
        }
        RunningMetrics train = new RunningMetrics();
        Batches batches = trainBatches(ps, trainable, train, epoch, in);
        if (batches.stop() != null && !batches.stop().completesEpoch()) {
            discardGradients(trainable);
            // The epoch's updates are in the weights: its number is used, and the next fit goes on
            // with the next one rather than recording a second, different epoch under it.
            progress.epochDone(epoch);
            throw batches.stop();
        }
        double[] valid = validate(epoch, in);
        EpochRecord record =
                new EpochRecord(
                        epoch,
                        progress.stage(),
                        train.loss(),
                        train.accuracy(),
                        valid[0],
                        valid[1],
                        epochLr,
                        (System.nanoTime() - start) / 1e9,
                        batches.count());
        progress.epochDone(epoch);
        optimization.afterEpoch(record);
        StopTraining judged = callbacks.notifyAll(c -> c.afterEpoch(learner, record));
        CallbackList.signal(batches.stop() != null ? batches.stop() : judged);
    }

    /** How an epoch's batches went: how many ran, and the signal that ended them early, if any. */
    private record Batches(int count, StopTraining stop) {}

    private Batches trainBatches(
            ParameterStore ps,
            List<Parameter> trainable,
            RunningMetrics train,
            int epoch,
            FrozenStages.Inputs in) {
        Learner learner = s.learner();
        int batchNo = 0;
        int pending = 0;
        StopTraining stop = null;
        try {
            Iterator<Batch> it = in.train().getData(s.dataManager()).iterator();
            while (stop == null) {
                if (Thread.currentThread().isInterrupted()) {
                    Thread.interrupted(); // cleared for the clean-up below, re-set after fit
                    stop = interrupted(epoch, batchNo);
                    break;
                }
                if ((s.maxBatches() != null && batchNo >= s.maxBatches()) || !it.hasNext()) {
                    break;
                }
                try (Batch batch = it.next()) {
                    int number = ++batchNo;
                    stop = callbacks.notifyAll(c -> c.beforeBatch(learner, epoch, number));
                    BatchRecord rec = trainBatch(ps, in.block(), batch, train, epoch, number);
                    if (++pending == s.accumulation()) {
                        optimization.step(trainable);
                        pending = 0;
                    }
                    StopTraining after = callbacks.notifyAll(c -> c.afterBatch(learner, rec));
                    stop = stop != null ? stop : after;
                }
            }
            if (pending > 0 && stop == null) {
                // A short last group still updates: no gradient leaks into the next epoch.
                optimization.step(trainable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the training data: " + e, e);
        } catch (TranslateException e) {
            throw new IllegalStateException("Could not prepare a training batch: " + e, e);
        }
        return new Batches(batchNo, stop);
    }

    private static StopTraining interrupted(int epoch, int batches) {
        return new StopTraining(
                StopReason.INTERRUPTED,
                String.format(
                        Locale.ROOT,
                        "Interrupted in epoch %d after %d batches; the history and the best"
                                + " checkpoint so far are kept.",
                        epoch,
                        batches));
    }

    private BatchRecord trainBatch(
            ParameterStore ps,
            Block block,
            Batch batch,
            RunningMetrics train,
            int epoch,
            int batchNo) {
        NDList labels = batch.getLabels();
        NDList out;
        NDArray l;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            out = block.forward(ps, batch.getData(), true);
            l = s.loss().evaluate(labels, out);
            // With accumulation each batch contributes 1/k of the effective batch's mean loss.
            collector.backward(s.accumulation() == 1 ? l : l.div(s.accumulation()));
        }
        double batchLoss = l.getFloat();
        long correct = train.add(out.head(), labels.head(), batchLoss);
        return new BatchRecord(
                progress.countBatch(),
                epoch,
                batchNo,
                batchLoss,
                correct,
                batch.getSize(),
                optimization.rate().get(),
                progress.stage());
    }

    /** The validation loss and accuracy of {@code epoch} (NaN without validation data). */
    private double[] validate(int epoch, FrozenStages.Inputs in) {
        if (in.valid() == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Learner learner = s.learner();
        callbacks.fire(c -> c.beforeValidate(learner, epoch));
        EvalResult r = in.validation().evaluate(in.valid(), s.model().getNDManager());
        if (Thread.currentThread().isInterrupted()) {
            // A partial validation must not reach early stopping or the best checkpoint.
            Thread.interrupted();
            progress.epochDone(epoch);
            throw new StopTraining(
                    StopReason.INTERRUPTED,
                    "Interrupted while validating epoch "
                            + epoch
                            + "; the history and the best checkpoint so far are kept.");
        }
        callbacks.fire(c -> c.afterValidate(learner, epoch, r.loss(), r.accuracy()));
        return new double[] {r.loss(), r.accuracy()};
    }

    /** An interrupted epoch's half-accumulated gradients must not reach the next step. */
    private static void discardGradients(List<Parameter> trainable) {
        for (Parameter p : trainable) {
            NDArray w = p.getArray();
            if (w.hasGradient()) {
                try (NDArray g = w.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }
}
