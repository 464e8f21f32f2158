package io.github.resnetcourse.kit.train;

import ai.djl.Model;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * fastai's learning-rate finder ({@code learn.lr_find()}, after Smith 2015): trains on successive
 * batches while the learning rate grows exponentially from {@code startLr} to {@code endLr},
 * records the loss of each batch, smooths it, and stops early once the smoothed loss exceeds four
 * times its best (the rate has become too large). {@link LrFinderResult} suggests a rate.
 *
 * <pre>{@code
 * LrFinderResult r = LrFinder.builder()
 *         .setModel(model).setData(trainSet)
 *         .optOptimizer(OptimizerFactory.adam()).optIterations(100)
 *         .build().find();
 * Charts.show(LrFinderChart.of(r));
 * double lr = r.minimumOverTen();
 * }</pre>
 *
 * <p>The sweep changes the weights, so the finder copies every parameter (batch-norm statistics
 * included) before and writes them back after: the model leaves the finder exactly as it came. It
 * trains with its own, fresh optimizer built from the factory, so the optimizer state of any
 * learner training the same model (Adam's moments, SGD's momentum) is never touched. Frozen
 * parameters stay frozen: the finder explores the rate for the part that currently trains.
 */
public final class LrFinder {
    /** fastai's smoothing factor for the loss (an exponential moving average, debiased). */
    static final double BETA = 0.98;

    /** fastai stops when the smoothed loss exceeds this many times the best one. */
    static final double DIVERGENCE_FACTOR = 4.0;

    private final Model model;
    private final Dataset data;
    private final OptimizerFactory optimizer;
    private final Loss loss;
    private final double startLr;
    private final double endLr;
    private final int iterations;
    private final long seed;

    private LrFinder(Builder b) {
        this.model = b.model;
        this.data = b.data;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.startLr = b.startLr;
        this.endLr = b.endLr;
        this.iterations = b.iterations;
        this.seed = b.seed;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The learning rate of sweep step {@code i} of {@code n} (0-based): exponential in i. */
    static double rateAt(double start, double end, int i, int n) {
        if (n == 1) {
            return start;
        }
        return start * Math.pow(end / start, (double) i / (n - 1));
    }

    /** Runs the sweep and restores the weights; the curve and suggestions are in the result. */
    public LrFinderResult find() {
        Sweep sweep = new Sweep();
        try (WeightsSnapshot before = WeightsSnapshot.of(model.getBlock(), model.getNDManager());
                Learner learner =
                        Learner.builder()
                                .setModel(model)
                                .setData(data, null)
                                .optOptimizer(optimizer)
                                .optLoss(loss)
                                .optLearningRate(startLr)
                                .optRunModeCaps(RunModeCaps.IGNORE)
                                .optSeed(seed)
                                .optNoProgress()
                                .optAllowNonFiniteLoss()
                                .optCallbacks(sweep)
                                .build()) {
            try {
                int perEpoch = learner.batchesPerEpoch().orElse(iterations);
                int epochs = (iterations + perEpoch - 1) / perEpoch;
                learner.setStage("lr_find");
                learner.fit(epochs);
            } finally {
                before.restoreInto(model.getBlock());
            }
        }
        return new LrFinderResult(sweep.rates, sweep.losses, sweep.smoothed, sweep.stoppedEarly);
    }

    /** Sets each batch's rate, records its loss, and stops at the end or on divergence. */
    private final class Sweep implements Callback {
        final List<Double> rates = new ArrayList<>();
        final List<Double> losses = new ArrayList<>();
        final List<Double> smoothed = new ArrayList<>();
        boolean stoppedEarly;
        private double average;
        private double best = Double.POSITIVE_INFINITY;

        @Override
        public void beforeBatch(Learner learner, int epoch, int batch) {
            // The rate of the optimizer step that follows this batch's loss, as fastai pairs them.
            learner.setLearningRate(rateAt(startLr, endLr, rates.size(), iterations));
        }

        @Override
        public void afterBatch(Learner learner, BatchRecord r) {
            int i = rates.size();
            rates.add(r.lr());
            losses.add(r.loss());
            average = BETA * average + (1 - BETA) * r.loss();
            double smooth = average / (1 - Math.pow(BETA, i + 1));
            smoothed.add(smooth);
            best = Math.min(best, smooth);
            if (!Double.isFinite(smooth) || smooth > DIVERGENCE_FACTOR * best) {
                stoppedEarly = true;
                throw new StopTraining(StopReason.EARLY_STOPPED, "The loss diverged; sweep ended.");
            } else if (rates.size() >= iterations) {
                throw new StopTraining(StopReason.EARLY_STOPPED, "Sweep complete.");
            }
        }
    }

    /** Builds an {@link LrFinder}: {@code setX} are required, {@code optX} optional. */
    public static final class Builder {
        private Model model;
        private Dataset data;
        private OptimizerFactory optimizer = OptimizerFactory.adam();
        private Loss loss = Losses.crossEntropy();
        private double startLr = 1e-7;
        private double endLr = 10;
        private int iterations = 100;
        private Long seed;
        private RunSettings runMode;

        private Builder() {}

        /**
         * The model to sweep (its block initialised, e.g. {@code classifier.newModel()} or {@code
         * learner.model()}); its weights are restored afterwards.
         */
        public Builder setModel(Model value) {
            this.model = Objects.requireNonNull(value, "model");
            return this;
        }

        /** The training data; the sweep reads batches from it in order, epoch after epoch. */
        public Builder setData(Dataset trainSet) {
            this.data = Objects.requireNonNull(trainSet, "trainSet");
            return this;
        }

        /** The optimizer kind to sweep with (default Adam); a fresh one is built for the sweep. */
        public Builder optOptimizer(OptimizerFactory factory) {
            this.optimizer = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** The loss (default {@link Losses#crossEntropy()}). */
        public Builder optLoss(Loss value) {
            this.loss = Objects.requireNonNull(value, "loss");
            return this;
        }

        /** First and last rate of the sweep (default 1e-7 to 10, as fastai). */
        public Builder optRange(double start, double end) {
            if (!(start > 0) || !(end > start)) {
                throw new IllegalArgumentException(
                        "The sweep needs 0 < start < end; got start="
                                + start
                                + ", end="
                                + end
                                + ".");
            }
            this.startLr = start;
            this.endLr = end;
            return this;
        }

        /** Number of batches in the sweep (default 100, as fastai). */
        public Builder optIterations(int n) {
            if (n < 2) {
                throw new IllegalArgumentException(
                        "The sweep needs at least 2 iterations; got " + n + ".");
            }
            this.iterations = n;
            return this;
        }

        /** Seed for the sweep's shuffling and dropout (default: the {@link RunSettings}'s). */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /** The run mode whose seed the sweep uses (default {@link RunSettings#fromEnv()}). */
        public Builder optRunSettings(RunSettings value) {
            this.runMode = Objects.requireNonNull(value, "runMode");
            return this;
        }

        /** Builds the finder. */
        public LrFinder build() {
            if (model == null) {
                throw new IllegalStateException("setModel(...) is required.");
            }
            if (model.getBlock() == null || !model.getBlock().isInitialized()) {
                throw new IllegalStateException(
                        "Model '"
                                + model.getName()
                                + "' needs an initialised block before the sweep (build the"
                                + " learner or classifier first).");
            }
            if (data == null) {
                throw new IllegalStateException("setData(trainSet) is required.");
            }
            if (seed == null) {
                // The environment is read here, where the finder starts, not inside the sweep.
                seed = (runMode != null ? runMode : RunSettings.fromEnv()).seed();
            }
            return new LrFinder(this);
        }
    }
}
