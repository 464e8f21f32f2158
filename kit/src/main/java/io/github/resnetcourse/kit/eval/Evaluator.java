package io.github.resnetcourse.kit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import io.github.resnetcourse.kit.engine.InferenceAllocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates a classifier on a dataset in inference mode (no gradients, batch norm with running
 * statistics): loss, accuracy, top-k, confusion matrix, time. Each batch's arrays are released as
 * soon as the batch is done.
 *
 * <pre>{@code
 * EvalResult r = Evaluator.of(model.getBlock(), Losses.crossEntropy()).topK(5).classes(10)
 *         .evaluate(testSet);
 * }</pre>
 */
public final class Evaluator {
    private final Block block;
    private final Loss loss;
    private int topK = 1;
    private int numClasses;
    private Integer maxBatches;

    private Evaluator(Block block, Loss loss) {
        this.block = Objects.requireNonNull(block, "block");
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** An evaluator of {@code block} measuring {@code loss}. */
    public static Evaluator of(Block block, Loss loss) {
        return new Evaluator(block, loss);
    }

    /** Also measures top-{@code k} accuracy. */
    public Evaluator topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k k=" + k + " must be >= 1.");
        }
        this.topK = k;
        return this;
    }

    /** Also builds a {@code numClasses}-class confusion matrix (and per-class accuracy). */
    public Evaluator classes(int numClasses) {
        this.numClasses = numClasses;
        return this;
    }

    /** Stops after {@code n} batches (smoke runs). */
    public Evaluator maxBatches(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxBatches=" + n + " must be >= 1.");
        }
        this.maxBatches = n;
        return this;
    }

    /** Runs the evaluation over {@code data}. Stops early, keeping what it has, if interrupted. */
    public EvalResult evaluate(Dataset data, NDManager manager) {
        RunningMetrics m = new RunningMetrics(topK, numClasses);
        ParameterStore ps = new ParameterStore(manager, false);
        long start = System.nanoTime();
        int batches = 0;
        // Batches hang off the caller's long-lived manager and are closed one by one: after an
        // early stop DJL's prefetching workers are still decoding, and closing a manager under
        // them crashes libtorch.
        try (InferenceAllocation heap = InferenceAllocation.open()) {
            for (Batch batch : data.getData(manager)) {
                try (batch) {
                    if (Thread.currentThread().isInterrupted()
                            || (maxBatches != null && batches >= maxBatches)) {
                        break;
                    }
                    NDList out = block.forward(ps, batch.getData(), false);
                    NDArray labels = batch.getLabels().head();
                    double l = loss.evaluate(batch.getLabels(), out).getFloat();
                    m.add(out.head(), labels, l);
                    batches++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the evaluation data: " + e, e);
        } catch (TranslateException e) {
            throw new IllegalStateException("Could not prepare an evaluation batch: " + e, e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EvalResult(
                m.loss(),
                m.accuracy(),
                topK,
                m.topKAccuracy(),
                m.count(),
                seconds,
                Optional.ofNullable(m.confusion()));
    }
}
